import { Accordion, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, data, idempotencyKey, type Mandate } from '../../api/client';
import { CommandForm, type FieldSpec } from '../../components/command-form';
import { type Permission, useSession } from '../../session/session';
import { CLOSURE_OUTCOMES, FOLLOW_UP_KINDS, REVIEW_DECISIONS } from './vocabulary';

type CommandPath =
  | '/mandates/{id}/assignment'
  | '/mandates/{id}/reassignment'
  | '/mandates/{id}/follow-ups'
  | '/mandates/{id}/progress-reports'
  | '/mandates/{id}/deadline-extension'
  | '/mandates/{id}/closure';

interface Command {
  name: string;
  permission: Permission;
  /** Whether the form is offered in this state (the API decides in the end: a 409 is explained). */
  offered: (m: Mandate) => boolean;
  fields: FieldSpec[];
  path: CommandPath;
}

const ASSIGNEE: FieldSpec[] = [
  { name: 'dependency', kind: 'text', required: true, initial: 'Department of Public Security' },
  { name: 'dependencyId', kind: 'text', initial: 'DPS' },
  { name: 'officer', kind: 'text', required: true },
  { name: 'officerEmail', kind: 'email' },
];

const COMMANDS: Command[] = [
  {
    name: 'assign',
    permission: 'mandate:assign',
    offered: (m) => m.status === 'registered',
    fields: ASSIGNEE,
    path: '/mandates/{id}/assignment',
  },
  {
    name: 'reassign',
    permission: 'mandate:reassign',
    offered: (m) => m.assignee !== undefined,
    fields: [...ASSIGNEE, { name: 'reason', kind: 'textarea', required: true }],
    path: '/mandates/{id}/reassignment',
  },
  {
    name: 'followUp',
    permission: 'follow-up:record',
    offered: () => true,
    fields: [
      { name: 'kind', kind: 'select', required: true, options: FOLLOW_UP_KINDS, optionLabels: 'followUpKind' },
      { name: 'summary', kind: 'textarea', required: true },
      { name: 'date', kind: 'date', required: true },
      { name: 'evidenceUrl', kind: 'url' },
    ],
    path: '/mandates/{id}/follow-ups',
  },
  {
    name: 'submitReport',
    permission: 'report:submit',
    offered: (m) => m.status !== 'report_under_review',
    fields: [
      { name: 'periodFrom', kind: 'date', required: true },
      { name: 'periodTo', kind: 'date', required: true },
      { name: 'summary', kind: 'textarea', required: true },
      { name: 'documentUrl', kind: 'url', required: true },
    ],
    path: '/mandates/{id}/progress-reports',
  },
  {
    name: 'extendDeadline',
    permission: 'mandate:extend-deadline',
    offered: (m) => m.reporting?.nextDueOn !== undefined,
    fields: [
      { name: 'newDueOn', kind: 'date', required: true },
      { name: 'reason', kind: 'textarea', required: true },
    ],
    path: '/mandates/{id}/deadline-extension',
  },
  {
    name: 'close',
    permission: 'mandate:close',
    offered: () => true,
    fields: [
      { name: 'outcome', kind: 'select', required: true, options: CLOSURE_OUTCOMES, optionLabels: 'outcome' },
      { name: 'reason', kind: 'textarea', required: true },
      { name: 'successorMandateId', kind: 'text' },
      { name: 'finalReportReference', kind: 'text' },
    ],
    path: '/mandates/{id}/closure',
  },
];

function send(
  path: CommandPath | '/mandates/{id}/progress-reports/{reportId}/review',
  pathParams: Record<string, string>,
  body: Record<string, string>,
): Promise<{ mandate: Mandate }> {
  return data(
    api.POST(path, {
      params: { path: pathParams, header: { 'Idempotency-Key': idempotencyKey() } },
      body,
    } as never),
  );
}

/** A form for each command the user's roles allow on this mandate, now. */
export function MandateCommands({ mandate }: { mandate: Mandate }) {
  const { t } = useTranslation();
  const { can } = useSession();
  const client = useQueryClient();
  if (mandate.status === 'closed') return <Text c="dimmed">{t('mandate.closedNoCommands')}</Text>;
  const underReview = mandate.progressReports.find((r) => r.status === 'under_review');
  const invalidates = [['mandate', mandate.id], ['mandates']];
  // The state after the command, shown at once; the refetch that follows asks for no older one (useMandate).
  const keep = async (sent: Promise<{ mandate: Mandate }>) => {
    const result = await sent;
    client.setQueryData(['mandate', mandate.id], result.mandate);
    return result;
  };
  const commands = COMMANDS.filter((c) => can(c.permission) && c.offered(mandate));
  const review = underReview && can('report:review');
  if (commands.length === 0 && !review) return <Text c="dimmed">{t('mandate.noCommands')}</Text>;
  return (
    <Accordion variant="separated" data-testid="commands">
      {review && (
        <Accordion.Item value="review">
          <Accordion.Control>{t('commands.review', { report: underReview.reportId })}</Accordion.Control>
          <Accordion.Panel>
            <CommandForm
              id="review"
              submitLabel={t('commands.review', { report: underReview.reportId })}
              fields={[
                {
                  name: 'decision',
                  kind: 'select',
                  required: true,
                  options: REVIEW_DECISIONS,
                  optionLabels: 'decision',
                },
                { name: 'comments', kind: 'textarea' },
              ]}
              invalidates={invalidates}
              send={(body) =>
                keep(
                  send(
                    '/mandates/{id}/progress-reports/{reportId}/review',
                    { id: mandate.id, reportId: underReview.reportId },
                    body,
                  ),
                )
              }
            />
          </Accordion.Panel>
        </Accordion.Item>
      )}
      {commands.map((c) => (
        <Accordion.Item value={c.name} key={c.name}>
          <Accordion.Control>{t(`commands.${c.name}`)}</Accordion.Control>
          <Accordion.Panel>
            <CommandForm
              id={c.name}
              submitLabel={t(`commands.${c.name}`)}
              fields={c.fields}
              invalidates={invalidates}
              send={(body) => keep(send(c.path, { id: mandate.id }, body))}
            />
          </Accordion.Panel>
        </Accordion.Item>
      ))}
    </Accordion>
  );
}
