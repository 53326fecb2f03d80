import { Group, Paper, Text, ThemeIcon } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { MANDATE_STATUSES } from './vocabulary';

/** The lifecycle's states in order, the current one marked (for screen readers too: aria-current). */
export function Lifecycle({ status }: { status: string }) {
  const { t } = useTranslation();
  const current = MANDATE_STATUSES.indexOf(status as (typeof MANDATE_STATUSES)[number]);
  return (
    <Paper withBorder p="sm">
      <Text size="sm" fw={600} mb="xs" id="lifecycle-label">
        {t('mandate.lifecycle')}
      </Text>
      <Group
        component="ol"
        aria-labelledby="lifecycle-label"
        gap="xs"
        style={{ listStyle: 'none', padding: 0, margin: 0 }}
      >
        {MANDATE_STATUSES.map((s, i) => (
          <Group component="li" key={s} gap={6} wrap="nowrap" aria-current={i === current ? 'step' : undefined}>
            <ThemeIcon
              size="sm"
              radius="xl"
              color={i === current ? 'blue.8' : i < current ? 'teal.9' : 'gray.7'}
              variant={i <= current ? 'filled' : 'outline'}
              aria-hidden
            >
              {i + 1}
            </ThemeIcon>
            <Text size="sm" fw={i === current ? 700 : 400} td={i === current ? 'underline' : undefined}>
              {t(`status.${s}`)}
            </Text>
            {i < MANDATE_STATUSES.length - 1 && (
              <Text aria-hidden c="dimmed">
                →
              </Text>
            )}
          </Group>
        ))}
      </Group>
    </Paper>
  );
}
