import { Button, Center, Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { signInUrl } from '../session/session';
import { LanguageSwitch } from './Layout';

/** Shown to whoever has no session: one way in, through the organisation's provider. */
export function SignedOut() {
  const { t } = useTranslation();
  return (
    <Center mih="100vh" component="main">
      <Paper withBorder p="xl" maw={440} shadow="sm">
        <Stack>
          <Title order={1} size="h2">
            {t('appName')}
          </Title>
          <Text>{t('signIn.intro')}</Text>
          <Button component="a" href={signInUrl()} size="md">
            {t('signIn.button')}
          </Button>
          <LanguageSwitch />
        </Stack>
      </Paper>
    </Center>
  );
}
