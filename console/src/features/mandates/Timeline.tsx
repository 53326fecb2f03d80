import { Badge, Group, Text, Timeline } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { MandateEvent } from '../../api/client';
import { useFormat } from '../../i18n/format';

/** The words an event carries about why: a reason, comments, a summary, an outcome. */
function why(data: Record<string, unknown>): string | undefined {
  for (const key of ['reason', 'comments', 'summary', 'outcome', 'decision']) {
    const value = data[key];
    if (typeof value === 'string' && value.trim() !== '') return value;
  }
  return undefined;
}

export function EventTimeline({ events }: { events: MandateEvent[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <Timeline bulletSize={14} lineWidth={2} data-testid="timeline">
      {events.map((e) => {
        const data = e.data as Record<string, unknown>;
        const reason = why(data);
        const who = (e as { actorName?: string }).actorName ?? e.actor;
        const roles = (e as { actorRoles?: string[] }).actorRoles ?? [];
        return (
          <Timeline.Item key={e.sequence} title={t(`events.${e.type}`, { defaultValue: e.type })} data-event={e.type}>
            <Group gap="xs">
              <Text size="sm">{who}</Text>
              {roles.map((r) => (
                <Badge key={r} size="xs" variant="outline" color="gray.8">
                  {t(`roles.${r}`, { defaultValue: r })}
                </Badge>
              ))}
              <Text size="sm" c="dimmed">
                <time dateTime={e.recordedAt}>{format.dateTime(e.recordedAt)}</time> · #{e.sequence}
              </Text>
            </Group>
            {reason && (
              <Text size="sm" mt={4}>
                {reason}
              </Text>
            )}
          </Timeline.Item>
        );
      })}
    </Timeline>
  );
}
