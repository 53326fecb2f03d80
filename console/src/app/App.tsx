import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { AuditPage } from '../features/audit/AuditPage';
import { CalendarPage } from '../features/calendar/CalendarPage';
import { DashboardPage } from '../features/dashboard/DashboardPage';
import { ImportPage } from '../features/import/ImportPage';
import { MandatePage } from '../features/mandates/MandatePage';
import { RegisterPage } from '../features/mandates/RegisterPage';
import { MyMandatesPage } from '../features/my/MyMandatesPage';
import { SessionProvider } from '../session/session';
import { Layout } from './Layout';
import { SignedOut } from './SignedOut';

const router = createBrowserRouter(
  [
    {
      element: <Layout />,
      children: [
        { path: '/', element: <RegisterPage /> },
        { path: '/mandates/:id', element: <MandatePage /> },
        { path: '/my', element: <MyMandatesPage /> },
        { path: '/calendar', element: <CalendarPage /> },
        { path: '/dashboard', element: <DashboardPage /> },
        { path: '/import', element: <ImportPage /> },
        { path: '/audit', element: <AuditPage /> },
      ],
    },
  ],
  { basename: '/console' },
);

export function App() {
  const { i18n } = useTranslation();
  useEffect(() => {
    document.documentElement.lang = i18n.resolvedLanguage ?? 'en';
  }, [i18n.resolvedLanguage]);
  return (
    <SessionProvider signedOut={<SignedOut />}>
      <RouterProvider router={router} />
    </SessionProvider>
  );
}
