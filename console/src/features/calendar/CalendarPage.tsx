import {
  Alert,
  Anchor,
  Button,
  Code,
  CopyButton,
  Group,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, data, idempotencyKey } from '../../api/client';
import { DueBadge } from '../../components/badges';
import { RefusalAlert } from '../../components/command-form';
import { useFormat } from '../../i18n/format';
import type { MandateRow } from '../mandates/RegisterPage';

/** Due dates of the next year, by month, for a dependency or all; and a feed URL for a calendar application. */
export function CalendarPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const [dependencyId, setDependencyId] = useState<string | null>(null);
  const due = useQuery({
    queryKey: ['mandates', 'calendar'],
    queryFn: () =>
      data(api.GET('/mandates', { params: { query: { sort: 'due', dueWithin: 365, limit: 100 } as never } })),
  });
  const overdue = useQuery({
    queryKey: ['mandates', 'calendar', 'overdue'],
    queryFn: () =>
      data(api.GET('/mandates', { params: { query: { sort: 'due', overdue: true, limit: 100 } as never } })),
  });
  // Overdue reports first (their months are past), then the next twelve months'.
  const items = ([...(overdue.data?.items ?? []), ...(due.data?.items ?? [])] as MandateRow[]).filter(
    (m, i, all) => m.nextDueOn !== undefined && all.findIndex((o) => o.id === m.id) === i,
  );
  const dependencies = [...new Set(items.map((m) => m.dependencyId).filter((d): d is string => !!d))].sort();
  const shown = items.filter((m) => !dependencyId || m.dependencyId === dependencyId);
  const months = new Map<string, MandateRow[]>();
  for (const m of shown) {
    const key = m.nextDueOn!.slice(0, 7);
    months.set(key, [...(months.get(key) ?? []), m]);
  }
  return (
    <Stack>
      <Title order={2}>{t('calendar.title')}</Title>
      <FeedLink />
      <Select
        label={t('fields.dependencyId')}
        data={dependencies}
        value={dependencyId}
        onChange={setDependencyId}
        clearable
        placeholder={t('calendar.allDependencies')}
        w={240}
      />
      <RefusalAlert error={due.error ?? overdue.error} />
      {months.size === 0 && !due.isPending && <Text>{t('calendar.empty')}</Text>}
      {[...months].map(([month, mandates]) => (
        <section key={month} aria-labelledby={`month-${month}`}>
          <Title order={3} size="h4" id={`month-${month}`} mb="xs">
            {format.month(Number(month.slice(0, 4)), Number(month.slice(5, 7)) - 1)}
          </Title>
          <Table>
            <Table.Tbody>
              {mandates.map((m) => (
                <Table.Tr key={m.id}>
                  <Table.Td w={140}>{format.date(m.nextDueOn)}</Table.Td>
                  <Table.Td>
                    <Anchor component={Link} to={`/mandates/${encodeURIComponent(m.id)}`}>
                      {m.resolutionSymbol} {m.paragraphReference ?? ''}
                    </Anchor>{' '}
                    {m.title}
                  </Table.Td>
                  <Table.Td w={120}>{m.dependencyId ?? '—'}</Table.Td>
                  <Table.Td w={140}>
                    <DueBadge nextDueOn={m.nextDueOn} overdue={m.overdue} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </section>
      ))}
    </Stack>
  );
}

function FeedLink() {
  const { t } = useTranslation();
  const create = useMutation({
    mutationFn: () =>
      data(
        api.POST('/calendar/feeds', { params: { header: { 'Idempotency-Key': idempotencyKey() } } } as never),
      ) as Promise<{
        path: string;
      }>,
  });
  const url = create.data ? `${window.location.origin}${create.data.path}` : undefined;
  return (
    <Paper withBorder p="md">
      <Stack gap="xs">
        <Text fw={600}>{t('calendar.subscribe')}</Text>
        <Text size="sm">{t('calendar.subscribeHint')}</Text>
        {url ? (
          <Alert color="blue" title={t('calendar.feedCreated')}>
            <Group>
              <Code data-testid="feed-url">{url}</Code>
              <CopyButton value={url}>
                {({ copied, copy }) => (
                  <Button size="xs" variant="default" onClick={copy}>
                    {copied ? t('calendar.copied') : t('calendar.copy')}
                  </Button>
                )}
              </CopyButton>
            </Group>
          </Alert>
        ) : (
          <Group>
            <Button variant="default" onClick={() => create.mutate()} loading={create.isPending}>
              {t('calendar.createFeed')}
            </Button>
          </Group>
        )}
        <RefusalAlert error={create.error} />
      </Stack>
    </Paper>
  );
}
