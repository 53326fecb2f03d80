import { Alert, Button, Code, FileInput, Group, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, API_BASE, data } from '../../api/client';
import { StatusBadge } from '../../components/badges';
import { RefusalAlert } from '../../components/command-form';
import { useFormat } from '../../i18n/format';

interface HistoryEvent {
  sequence: number;
  type: string;
  actor: string;
  actorName?: string;
  recordedAt: string;
  reason?: string;
  runId?: string;
}

interface Verdict {
  intact: boolean;
  problem?: string;
  firstDifferingSequence?: number;
  mandateId?: string;
  events: number;
  runs: number;
  signedBy?: string;
  keyStatus?: string;
}

interface ReplayReport {
  verdict: string;
  deterministic: boolean;
  complete: boolean;
  events: number;
  runs: { runId: string; deterministic: boolean; divergence?: string }[];
}

/** An export or history file, sent as the bytes it is: a signature covers them exactly. */
function fileBody(file: File) {
  return {
    body: file as never,
    bodySerializer: (b: unknown) => b as Blob,
    headers: { 'Content-Type': 'application/json' },
  };
}

export function AuditPage() {
  const { t } = useTranslation();
  const [mandateId, setMandateId] = useState('');
  const [shown, setShown] = useState<string>();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setShown(mandateId.trim() || undefined);
  };
  return (
    <Stack>
      <Title order={2}>{t('audit.title')}</Title>
      <form onSubmit={submit}>
        <Group align="end">
          <TextInput
            label={t('audit.mandateId')}
            value={mandateId}
            onChange={(e) => setMandateId(e.currentTarget.value)}
            w={360}
          />
          <Button type="submit">{t('audit.open')}</Button>
        </Group>
      </form>
      {shown && <MandateAudit id={shown} />}
      <VerifyExport />
    </Stack>
  );
}

function MandateAudit({ id }: { id: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const history = useQuery({
    queryKey: ['audit', id, 'history'],
    queryFn: () => data(api.GET('/mandates/{id}/history', { params: { path: { id } } })) as Promise<HistoryEvent[]>,
  });
  const [asOf, setAsOf] = useState({ at: '', sequence: '' });
  const state = useMutation({
    mutationFn: () =>
      data(
        api.GET('/mandates/{id}/as-of', {
          params: {
            path: { id },
            query: asOf.sequence ? { sequence: Number(asOf.sequence) } : { at: asOf.at },
          },
        }),
      ),
  });
  if (history.error) return <RefusalAlert error={history.error} />;
  return (
    <Stack>
      <Group>
        <Button
          component="a"
          href={`${API_BASE}/mandates/${encodeURIComponent(id)}/export`}
          download={`${id}.export.json`}
          variant="default"
        >
          {t('audit.download')}
        </Button>
      </Group>
      <Paper withBorder p="md">
        <Title order={3} size="h4" mb="sm">
          {t('audit.asOf')}
        </Title>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            state.mutate();
          }}
        >
          <Group align="end">
            <TextInput
              type="date"
              label={t('audit.asOfDate')}
              value={asOf.at}
              onChange={(e) => setAsOf({ at: e.currentTarget.value, sequence: '' })}
            />
            <TextInput
              type="number"
              min={1}
              label={t('audit.asOfSequence')}
              value={asOf.sequence}
              onChange={(e) => setAsOf({ at: '', sequence: e.currentTarget.value })}
            />
            <Button type="submit">{t('audit.showState')}</Button>
          </Group>
        </form>
        <RefusalAlert error={state.error} />
        {state.data && (
          <Group mt="sm" data-testid="as-of-state">
            <StatusBadge status={state.data.status} />
            <Text size="sm">
              {t('audit.stateThen', {
                sequence: state.data.lastSequence,
                officer: state.data.assignee?.officer ?? '—',
              })}
            </Text>
          </Group>
        )}
      </Paper>
      <Table data-testid="history">
        <Table.Caption>{t('audit.history', { count: history.data?.length ?? 0 })}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>#</Table.Th>
            <Table.Th>{t('audit.event')}</Table.Th>
            <Table.Th>{t('audit.who')}</Table.Th>
            <Table.Th>{t('audit.when')}</Table.Th>
            <Table.Th>{t('audit.run')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(history.data ?? []).map((e) => (
            <Table.Tr key={e.sequence}>
              <Table.Td>{e.sequence}</Table.Td>
              <Table.Td>{t(`events.${e.type}`, { defaultValue: e.type })}</Table.Td>
              <Table.Td>{e.actorName ?? e.actor}</Table.Td>
              <Table.Td>{format.dateTime(e.recordedAt)}</Table.Td>
              <Table.Td>
                <Code>{e.runId?.slice(0, 8)}</Code>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}

function VerifyExport() {
  const { t } = useTranslation();
  const [file, setFile] = useState<File | null>(null);
  const verify = useMutation({
    mutationFn: (f: File) => data(api.POST('/audit/verify', fileBody(f))) as Promise<Verdict>,
  });
  const replay = useMutation({
    mutationFn: (f: File) => data(api.POST('/audit/replay', fileBody(f))) as Promise<ReplayReport>,
  });
  return (
    <Paper withBorder p="md">
      <Title order={3} size="h4" mb="sm">
        {t('audit.verifyTitle')}
      </Title>
      <Stack>
        <FileInput
          label={t('audit.file')}
          accept="application/json,.json"
          value={file}
          onChange={setFile}
          clearable
          clearButtonProps={{ 'aria-label': t('clear') }}
        />
        <Group>
          <Button disabled={!file} loading={verify.isPending} onClick={() => file && verify.mutate(file)}>
            {t('audit.verify')}
          </Button>
          <Button
            variant="default"
            disabled={!file}
            loading={replay.isPending}
            onClick={() => file && replay.mutate(file)}
          >
            {t('audit.replay')}
          </Button>
        </Group>
        <RefusalAlert error={verify.error ?? replay.error} />
        {verify.data && (
          <Alert
            color={verify.data.intact ? 'teal' : 'red'}
            title={verify.data.intact ? t('audit.intact') : t('audit.notIntact')}
            data-testid="verdict"
            data-intact={verify.data.intact}
          >
            {verify.data.intact
              ? t('audit.intactDetail', {
                  events: verify.data.events,
                  runs: verify.data.runs,
                  key: verify.data.signedBy ?? '',
                })
              : `${verify.data.problem ?? ''}${
                  verify.data.firstDifferingSequence !== undefined
                    ? ` — ${t('audit.firstDiffering', { sequence: verify.data.firstDifferingSequence })}`
                    : ''
                }`}
          </Alert>
        )}
        {replay.data && (
          <Alert
            color={replay.data.deterministic && replay.data.complete ? 'teal' : 'red'}
            title={t('audit.replayVerdict')}
            data-testid="replay-verdict"
          >
            {replay.data.verdict}
          </Alert>
        )}
      </Stack>
    </Paper>
  );
}
