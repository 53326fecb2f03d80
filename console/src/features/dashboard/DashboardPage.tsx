import { BarChart } from '@mantine/charts';
import { Card, Loader, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, data } from '../../api/client';
import { RefusalAlert } from '../../components/command-form';
import { useFormat } from '../../i18n/format';
import { MANDATE_STATUSES } from '../mandates/vocabulary';

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <Card withBorder>
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text size="xl" fw={700}>
        {value}
      </Text>
    </Card>
  );
}

function ChartCard({
  title,
  data,
  dataKey,
  label,
  color,
}: {
  title: string;
  data: Record<string, unknown>[];
  dataKey: string;
  label: string;
  color: string;
}) {
  return (
    <Card withBorder>
      <Title order={3} size="h4" mb="sm">
        {title}
      </Title>
      <BarChart
        h={220}
        data={data}
        dataKey={dataKey}
        series={[{ name: 'count', label, color }]}
        yAxisProps={{ allowDecimals: false }}
      />
    </Card>
  );
}

export function DashboardPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const stats = useQuery({ queryKey: ['stats'], queryFn: () => data(api.GET('/stats', {})) });
  if (stats.isPending) return <Loader aria-label={t('loading')} />;
  if (stats.error) return <RefusalAlert error={stats.error} />;
  const s = stats.data;
  const byStatus = MANDATE_STATUSES.map((status) => ({
    status: t(`status.${status}`),
    count: (s.byStatus as Record<string, number>)[status] ?? 0,
  }));
  const ageing = Object.entries(s.overdue.ageing as Record<string, number>).map(([days, count]) => ({
    days: t('dashboard.days', { range: days }),
    count,
  }));
  const load = s.byDependency.map((d) => ({
    dependency: d.dependencyId ?? d.dependency ?? t('mandate.unassigned'),
    count: d.count,
  }));
  return (
    <Stack>
      <Title order={2}>{t('dashboard.title')}</Title>
      <Text size="sm" c="dimmed">
        {t('dashboard.asOf', { date: format.date(s.asOf) })}
      </Text>
      <SimpleGrid cols={{ base: 2, md: 4 }}>
        <Figure label={t('dashboard.total')} value={format.number(s.total)} />
        <Figure label={t('dashboard.overdue')} value={format.number(s.overdue.total)} />
        <Figure
          label={t('dashboard.due30')}
          value={format.number((s.dueWithin as Record<string, number>)['30'] ?? 0)}
        />
        <Figure
          label={t('dashboard.due90')}
          value={format.number((s.dueWithin as Record<string, number>)['90'] ?? 0)}
        />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <ChartCard
          title={t('dashboard.byStatus')}
          data={byStatus}
          dataKey="status"
          label={t('dashboard.mandates')}
          color="blue.8"
        />
        <ChartCard
          title={t('dashboard.ageing')}
          data={ageing}
          dataKey="days"
          label={t('dashboard.mandates')}
          color="red.9"
        />
        <ChartCard
          title={t('dashboard.load')}
          data={load}
          dataKey="dependency"
          label={t('dashboard.mandates')}
          color="teal.9"
        />
        <Card withBorder>
          <Title order={3} size="h4" mb="sm">
            {t('dashboard.onTime')}
          </Title>
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('fields.dependency')}</Table.Th>
                <Table.Th>{t('dashboard.cyclesDue')}</Table.Th>
                <Table.Th>{t('dashboard.onTimeShare')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {s.reportingOnTime.map((r, i) => (
                <Table.Tr key={i}>
                  <Table.Td>{r.dependencyId ?? r.dependency ?? t('mandate.unassigned')}</Table.Td>
                  <Table.Td>{format.number(r.cyclesDue)}</Table.Td>
                  <Table.Td>{r.share === null ? '—' : format.percent(r.share)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Card>
      </SimpleGrid>
    </Stack>
  );
}
