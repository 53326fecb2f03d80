import { Alert, Badge, Button, FileInput, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, data, type FieldProblem, type Schemas } from '../../api/client';
import { DUE_SOON_COLOUR } from '../../components/badges';
import { RefusalAlert } from '../../components/command-form';

type Report = Schemas['ImportReportResponse'];
type Mode = 'dry-run' | 'commit';

const VERDICT_COLOURS: Record<string, string> = {
  would_register: 'blue.8',
  registered: 'teal.9',
  identical: 'gray.7',
  conflict: DUE_SOON_COLOUR,
  invalid: 'red.9',
};

/** What the import takes, by the file's name: CSV, JSON Lines or JSON. */
function mediaType(file: File): string {
  if (/\.csv$/i.test(file.name)) return 'text/csv';
  if (/\.(jsonl|ndjson)$/i.test(file.name)) return 'application/x-ndjson';
  return 'application/json';
}

export function ImportPage() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const run = useMutation({
    mutationFn: ({ f, mode }: { f: File; mode: Mode }) =>
      data(
        api.POST('/imports', {
          params: { query: { mode } },
          body: f as never,
          bodySerializer: (b: unknown) => b as Blob,
          headers: { 'Content-Type': mediaType(f) },
        } as never),
      ) as Promise<Report>,
    onSuccess: (_report, { mode }) => mode === 'commit' && client.invalidateQueries({ queryKey: ['mandates'] }),
  });
  const report = run.data;
  const dryRun = report?.summary.mode === 'dry-run';
  return (
    <Stack>
      <Title order={2}>{t('import.title')}</Title>
      <Text>{t('import.intro')}</Text>
      <FileInput
        label={t('import.file')}
        accept=".csv,.json,.jsonl,.ndjson,text/csv,application/json"
        value={file}
        onChange={(f) => {
          setFile(f);
          run.reset();
        }}
        clearable
        clearButtonProps={{ 'aria-label': t('clear') }}
        maw={480}
      />
      <Group>
        <Button
          disabled={!file}
          loading={run.isPending && run.variables.mode === 'dry-run'}
          onClick={() => file && run.mutate({ f: file, mode: 'dry-run' })}
        >
          {t('import.dryRun')}
        </Button>
        <Button
          color="teal.9"
          disabled={!file || !dryRun || report.summary.counts.would_register === 0}
          loading={run.isPending && run.variables.mode === 'commit'}
          onClick={() => file && run.mutate({ f: file, mode: 'commit' })}
        >
          {t('import.commit', { count: report?.summary.counts.would_register ?? 0 })}
        </Button>
      </Group>
      <RefusalAlert error={run.error} />
      {report && (
        <>
          <Alert
            color={dryRun ? 'blue' : 'teal'}
            title={t(dryRun ? 'import.dryRunDone' : 'import.committed')}
            data-testid="import-summary"
          >
            {Object.entries(report.summary.counts)
              .filter(([, n]) => n > 0)
              .map(([verdict, n]) => `${t(`verdict.${verdict}`)}: ${n}`)
              .join(' · ')}
          </Alert>
          <Table data-testid="import-rows">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('import.row')}</Table.Th>
                <Table.Th>{t('import.verdict')}</Table.Th>
                <Table.Th>{t('fields.resolutionSymbol')}</Table.Th>
                <Table.Th>{t('import.details')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {report.rows.map((r) => (
                <Table.Tr key={r.row} data-verdict={r.verdict}>
                  <Table.Td>{r.row}</Table.Td>
                  <Table.Td>
                    <Badge color={VERDICT_COLOURS[r.verdict]} variant="filled">
                      {t(`verdict.${r.verdict}`)}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    {r.resolutionSymbol ?? '—'} {r.paragraphReference ?? ''}
                  </Table.Td>
                  <Table.Td>
                    {((r.fields ?? []) as unknown as FieldProblem[])
                      .map((f) => `${f.field}: ${f.errors.join('; ')}`)
                      .join(' · ')}
                    {((r.differences ?? []) as unknown as { field: string }[]).map((d) => d.field).join(', ')}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </>
      )}
    </Stack>
  );
}
