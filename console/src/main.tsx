import '@mantine/core/styles.css';
import '@mantine/charts/styles.css';
import { createTheme, type CSSVariablesResolver, MantineProvider } from '@mantine/core';
import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { queryClient } from './app/query-client';
import './i18n';

// Mantine's primary blue, one shade darker: white text on it passes WCAG AA contrast.
const theme = createTheme({ primaryShade: 8 });
// Mantine's dimmed grey (gray.6) is 3.3:1 on white; gray.7 reaches AA's 4.5:1 for small text.
const resolver: CSSVariablesResolver = (t) => ({
  variables: {},
  light: { '--mantine-color-dimmed': t.colors.gray[7] },
  dark: {},
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <MantineProvider theme={theme} cssVariablesResolver={resolver}>
      <QueryClientProvider client={queryClient}>
        <App />
      </QueryClientProvider>
    </MantineProvider>
  </StrictMode>,
);
