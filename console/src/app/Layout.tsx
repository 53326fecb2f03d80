import { AppShell, Burger, Button, Group, NavLink, Select, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { NavLink as RouterLink, Outlet, useLocation } from 'react-router';
import { LANGUAGES } from '../i18n';
import { type Permission, useSession } from '../session/session';

interface Section {
  to: string;
  label: string;
  /** Shown to those who hold this permission. */
  needs: Permission;
  /** …and have this role (My mandates is an officer's page). */
  role?: string;
}

const SECTIONS: Section[] = [
  { to: '/', label: 'nav.register', needs: 'mandate:read' },
  { to: '/my', label: 'nav.my', needs: 'report:submit', role: 'officer' },
  { to: '/calendar', label: 'nav.calendar', needs: 'calendar:read' },
  { to: '/dashboard', label: 'nav.dashboard', needs: 'mandate:read' },
  { to: '/import', label: 'nav.import', needs: 'mandate:register' },
  { to: '/audit', label: 'nav.audit', needs: 'audit:history' },
];

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <Select
      aria-label={t('language')}
      data={LANGUAGES.map((l) => ({ value: l.code, label: l.name }))}
      value={i18n.resolvedLanguage ?? 'en'}
      onChange={(lng) => void i18n.changeLanguage(lng ?? 'en')}
      allowDeselect={false}
      w={120}
      size="xs"
    />
  );
}

export function Layout() {
  const { t } = useTranslation();
  const { user, can, signOut } = useSession();
  const [opened, { toggle, close }] = useDisclosure();
  const location = useLocation();
  const sections = SECTIONS.filter((s) => can(s.needs) && (!s.role || user.roles.includes(s.role)));
  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="md"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t('nav.menu')} />
            <Title order={1} size="h3">
              {t('appName')}
            </Title>
          </Group>
          <Group wrap="nowrap" gap="sm">
            <LanguageSwitch />
            <Stack gap={0} visibleFrom="xs">
              <Text size="sm" fw={600} data-testid="user-name">
                {user.name ?? user.actor}
              </Text>
              <Text size="xs" c="dimmed">
                {user.roles.map((r) => t(`roles.${r}`, { defaultValue: r })).join(', ')}
                {user.dependencyIds.length > 0 ? ` · ${user.dependencyIds.join(', ')}` : ''}
              </Text>
            </Stack>
            <Button variant="default" size="xs" onClick={() => void signOut()}>
              {t('signOut')}
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="sm" component="nav" aria-label={t('nav.label')}>
        {sections.map((s) => (
          <NavLink
            key={s.to}
            component={RouterLink}
            to={s.to}
            label={t(s.label)}
            variant="filled"
            active={
              s.to === '/'
                ? location.pathname === '/' || location.pathname.startsWith('/mandates')
                : location.pathname.startsWith(s.to)
            }
            onClick={close}
          />
        ))}
      </AppShell.Navbar>
      <AppShell.Main>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
