import { Anchor, Badge, Grid, Group, Loader, Paper, Stack, Table, Tabs, Text, Title } from '@mantine/core';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, data, type Mandate } from '../../api/client';
import { DueBadge, StatusBadge } from '../../components/badges';
import { RefusalAlert } from '../../components/command-form';
import { useFormat } from '../../i18n/format';
import { MandateCommands } from './commands';
import { Lifecycle } from './Lifecycle';
import { EventTimeline } from './Timeline';

/** How often an open, visible mandate page reads the mandate again, to follow other people's commands. */
const FOLLOW_MS = 10_000;

/**
 * A mandate from the read model, never older than the state this console already holds: a command's answer puts
 * the state after it here (./commands.tsx), and the refetch asks for at least its sequence (`minSequence`), so a
 * read model a moment behind defers to the workflow.
 */
export function useMandate(id: string) {
  const client = useQueryClient();
  return useQuery({
    queryKey: ['mandate', id],
    refetchInterval: FOLLOW_MS,
    queryFn: () => {
      const held = client.getQueryData<Mandate>(['mandate', id])?.lastSequence;
      const query = held === undefined ? {} : { minSequence: held };
      return data(api.GET('/mandates/{id}', { params: { path: { id }, query } }));
    },
  });
}

export function MandatePage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const mandate = useMandate(id);
  // The events again only when the mandate has moved on (they come from its workflow).
  const lastSequence = mandate.data?.lastSequence;
  const events = useQuery({
    queryKey: ['mandate', id, 'events', lastSequence],
    enabled: lastSequence !== undefined,
    placeholderData: keepPreviousData,
    queryFn: () => data(api.GET('/mandates/{id}/events', { params: { path: { id } } })),
  });
  if (mandate.isPending) return <Loader aria-label={t('loading')} />;
  if (mandate.error) return <RefusalAlert error={mandate.error} />;
  const m = mandate.data;
  return (
    <Stack>
      <Anchor component={Link} to="/">
        ← {t('nav.register')}
      </Anchor>
      <Group justify="space-between" align="start">
        <Stack gap={4}>
          <Title order={2}>
            {m.resolutionSymbol}{' '}
            {(m as { paragraphReference?: string }).paragraphReference ?? (m.paragraph ? `§ ${m.paragraph}` : '')}
          </Title>
          {m.title && <Text c="dimmed">{m.title}</Text>}
        </Stack>
        <Group>
          <StatusBadge status={m.status} />
          <DueBadge nextDueOn={m.reporting?.nextDueOn} overdue={m.reporting?.overdue} />
        </Group>
      </Group>
      <Lifecycle status={m.status} />
      <Grid>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack>
            <MandateRecord mandate={m} />
            <Tabs defaultValue="timeline">
              <Tabs.List>
                <Tabs.Tab value="timeline">{t('mandate.timeline')}</Tabs.Tab>
                <Tabs.Tab value="followUps">{t('mandate.followUps', { count: m.followUps.length })}</Tabs.Tab>
                <Tabs.Tab value="reports">{t('mandate.reports', { count: m.progressReports.length })}</Tabs.Tab>
                <Tabs.Tab value="notifications">
                  {t('mandate.notifications', { count: m.notifications.length })}
                </Tabs.Tab>
                <Tabs.Tab value="lineage">{t('mandate.lineage', { count: m.links.length })}</Tabs.Tab>
              </Tabs.List>
              <Tabs.Panel value="timeline" pt="md">
                {events.data ? <EventTimeline events={events.data} /> : <RefusalAlert error={events.error} />}
              </Tabs.Panel>
              <Tabs.Panel value="followUps" pt="md">
                <FollowUps mandate={m} />
              </Tabs.Panel>
              <Tabs.Panel value="reports" pt="md">
                <Reports mandate={m} />
              </Tabs.Panel>
              <Tabs.Panel value="notifications" pt="md">
                <Notifications mandate={m} />
              </Tabs.Panel>
              <Tabs.Panel value="lineage" pt="md">
                <Lineage mandate={m} />
              </Tabs.Panel>
            </Tabs>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Title order={3} size="h4" mb="sm">
            {t('mandate.commands')}
          </Title>
          <MandateCommands mandate={m} />
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <>
      <Text component="dt" size="sm" fw={600}>
        {label}
      </Text>
      <Text component="dd" size="sm" m={0} mb="xs">
        {children}
      </Text>
    </>
  );
}

function MandateRecord({ mandate: m }: { mandate: Mandate }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <Paper withBorder p="md">
      <dl style={{ margin: 0 }} data-testid="record">
        <Row label={t('fields.body')}>{t(`body.${m.body}`, { defaultValue: m.body })}</Row>
        <Row label={t('fields.adoptedOn')}>{format.date(m.adoptedOn)}</Row>
        <Row label={t('fields.text')}>{m.text}</Row>
        {m.area && <Row label={t('fields.area')}>{m.area}</Row>}
        {m.reportingRequirement && <Row label={t('fields.reportingRequirement')}>{m.reportingRequirement}</Row>}
        <Row label={t('fields.dependency')}>
          {m.assignee
            ? `${m.assignee.dependency}${m.assignee.dependencyId ? ` (${m.assignee.dependencyId})` : ''}`
            : t('mandate.unassigned')}
        </Row>
        {m.assignee && <Row label={t('fields.officer')}>{m.assignee.officer}</Row>}
        <Row label={t('fields.nextDueOn')}>{format.date(m.reporting?.nextDueOn)}</Row>
        {m.closure && (
          <Row label={t('mandate.closure')}>
            {t(`outcome.${m.closure.outcome}`, { defaultValue: m.closure.outcome })}: {m.closure.reason}
          </Row>
        )}
      </dl>
    </Paper>
  );
}

function Empty() {
  const { t } = useTranslation();
  return <Text c="dimmed">{t('mandate.none')}</Text>;
}

function FollowUps({ mandate: m }: { mandate: Mandate }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (m.followUps.length === 0) return <Empty />;
  return (
    <Table>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('fields.date')}</Table.Th>
          <Table.Th>{t('fields.kind')}</Table.Th>
          <Table.Th>{t('fields.summary')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {m.followUps.map((f) => (
          <Table.Tr key={f.actionId}>
            <Table.Td>{format.date(f.date)}</Table.Td>
            <Table.Td>{t(`followUpKind.${f.kind}`, { defaultValue: f.kind })}</Table.Td>
            <Table.Td>
              {f.summary}
              {f.evidenceUrl && (
                <>
                  {' '}
                  <Anchor href={f.evidenceUrl} target="_blank" rel="noreferrer">
                    {t('mandate.evidence')}
                  </Anchor>
                </>
              )}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

const REPORT_COLOURS: Record<string, string> = { under_review: 'grape.8', accepted: 'teal.9', returned: 'red.9' };

function Reports({ mandate: m }: { mandate: Mandate }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (m.progressReports.length === 0) return <Empty />;
  return (
    <Table data-testid="reports">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('mandate.report')}</Table.Th>
          <Table.Th>{t('mandate.period')}</Table.Th>
          <Table.Th>{t('fields.summary')}</Table.Th>
          <Table.Th>{t('mandate.review')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {m.progressReports.map((r) => (
          <Table.Tr key={r.reportId} data-report={r.reportId}>
            <Table.Td>
              <Anchor href={r.documentUrl} target="_blank" rel="noreferrer">
                {r.reportId}
              </Anchor>
            </Table.Td>
            <Table.Td>
              {format.date(r.periodFrom)} – {format.date(r.periodTo)}
            </Table.Td>
            <Table.Td>{r.summary}</Table.Td>
            <Table.Td>
              <Badge color={REPORT_COLOURS[r.status]} variant="filled">
                {t(`reportStatus.${r.status}`, { defaultValue: r.status })}
              </Badge>
              {r.comments && <Text size="sm">{r.comments}</Text>}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** A delivery's field, when it is text. */
const text = (value: unknown) => (typeof value === 'string' ? value : '');

function Notifications({ mandate: m }: { mandate: Mandate }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (m.notifications.length === 0) return <Empty />;
  return (
    <Table>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('mandate.notification')}</Table.Th>
          <Table.Th>{t('mandate.issuedAt')}</Table.Th>
          <Table.Th>{t('mandate.deliveries')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {m.notifications.map((n) => (
          <Table.Tr key={n.key}>
            <Table.Td>
              {t(`notificationKind.${n.kind}`, { defaultValue: n.kind })} ·{' '}
              {t(`recipient.${n.to}`, { defaultValue: n.to })} · {format.date(n.dueOn)}
            </Table.Td>
            <Table.Td>{format.dateTime(n.issuedAt)}</Table.Td>
            <Table.Td>
              {n.deliveries.map((d, i) => (
                <Text size="sm" key={i}>
                  {text(d.channel)} {text(d.address)} {text(d.status)} {d.sentAt ? format.dateTime(text(d.sentAt)) : ''}
                </Text>
              ))}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function Lineage({ mandate: m }: { mandate: Mandate }) {
  const { t } = useTranslation();
  if (m.links.length === 0) return <Empty />;
  return (
    <Stack gap="xs">
      {m.links.map((l) => (
        <Text size="sm" key={l.linkId}>
          {t(`relation.${l.relation}`, { defaultValue: l.relation })}{' '}
          <Anchor component={Link} to={`/mandates/${encodeURIComponent(l.otherMandateId)}`}>
            {l.otherMandateId}
          </Anchor>{' '}
          — {l.reason}
        </Text>
      ))}
    </Stack>
  );
}
