import { Stack, Text, Title } from '@mantine/core';
import { useQueries, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, data } from '../../api/client';
import { RefusalAlert } from '../../components/command-form';
import { useSession } from '../../session/session';
import { MandateTable, type MandateRow } from '../mandates/RegisterPage';

/** An officer's desk: what is due first, what came back for revision. */
export function MyMandatesPage() {
  const { t } = useTranslation();
  const { user } = useSession();
  const mine = useQuery({
    queryKey: ['mandates', 'mine', user.actor],
    // An officer's desk is read to act on: always as it is now, whatever another page cached.
    refetchOnMount: 'always',
    queryFn: () =>
      data(api.GET('/mandates', { params: { query: { officer: user.actor, sort: 'due', limit: 100 } as never } })),
  });
  const items = (mine.data?.items ?? []) as MandateRow[];
  const open = items.filter((m) => m.status !== 'closed');
  // Returned reports show in the mandate itself: the open ones in follow-up are read to find them.
  const details = useQueries({
    queries: open
      .filter((m) => m.status === 'in_follow_up')
      .slice(0, 20)
      .map((m) => ({
        queryKey: ['mandate', m.id],
        refetchOnMount: 'always' as const,
        queryFn: () => data(api.GET('/mandates/{id}', { params: { path: { id: m.id } } })),
      })),
  });
  const returned = new Set(
    details.flatMap((d) => (d.data && d.data.progressReports.at(-1)?.status === 'returned' ? [d.data.id] : [])),
  );
  return (
    <Stack>
      <Title order={2}>{t('my.title')}</Title>
      <RefusalAlert error={mine.error} />
      <section aria-labelledby="my-returned">
        <Title order={3} size="h4" id="my-returned" mb="xs">
          {t('my.returned')}
        </Title>
        {returned.size === 0 ? (
          <Text c="dimmed">{t('my.noneReturned')}</Text>
        ) : (
          <MandateTable items={open.filter((m) => returned.has(m.id))} loading={false} />
        )}
      </section>
      <section aria-labelledby="my-due">
        <Title order={3} size="h4" id="my-due" mb="xs">
          {t('my.due')}
        </Title>
        <MandateTable items={open} loading={mine.isPending} />
      </section>
    </Stack>
  );
}
