import type { CommandResult, MandateStateView, RecordedEvent } from '../../workflows/mandate/contract';
import { disclosedDelivery } from '../notifications/redaction';
import type { Registration } from '../../workflows/mandate/lifecycle';
import { adoptionYearOf, paragraphReference } from '../../workflows/mandate/resolution';
import type { MandateSummaryRow } from './mandate-search';
import type {
  CommandResponse,
  MandateEventResponse,
  MandatePageResponse,
  MandateResponse,
  MandateSummaryResponse,
} from './dto/mandate.response';

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/** The registration's fields a list and a mandate both show. */
function recordOf(r: Registration) {
  return {
    resolutionSymbol: r.resolutionSymbol,
    paragraph: r.paragraph,
    section: r.section,
    ordinal: r.ordinal,
    paragraphLabel: r.paragraphLabel,
    paragraphReference: paragraphReference(r),
    adoptedOn: r.adoptedOn,
    adoptionYear: adoptionYearOf(r),
    adoptedOnBasis: r.adoptedOnBasis,
    title: r.title,
    area: r.area,
    responsible: r.responsible,
    responsibleDependencyId: r.responsibleDependencyId,
    sourceUrl: r.sourceUrl,
    sourceDocument: r.sourceDocument,
    confidence: r.confidence,
  };
}

export function toMandateResponse(state: MandateStateView): MandateResponse {
  const r = state.registration;
  const current = state.status === 'closed' ? undefined : state.reporting?.current;
  return {
    id: state.mandateId,
    status: state.status,
    body: r.body,
    ...recordOf(r),
    text: r.text,
    sourceNote: r.sourceNote,
    reportingRequirement: r.reportingRequirement,
    assignee: state.assignee,
    followUps: state.followUps,
    progressReports: state.reports,
    closure: state.closure,
    links: (state.links ?? []).map(({ linkId, relation, otherMandateId, reason }) => ({
      linkId,
      relation,
      otherMandateId,
      reason,
    })),
    reporting: state.reporting && {
      schedule: { ...state.reporting.schedule },
      cycle: current?.cycle,
      nextDueOn: current?.dueOn,
      overdue: !!current && current.dueOn < today(),
    },
    notifications: state.notifications.map((n) => ({
      key: n.key,
      kind: n.kind,
      dueOn: n.dueOn,
      days: n.days,
      to: n.to,
      scheduledFor: n.scheduledFor,
      issuedAt: n.issuedAt,
      deliveries: n.deliveries.map(({ channel, address, sentAt }) => disclosedDelivery({ channel, address, sentAt })),
    })),
    lastSequence: state.lastSequence,
    registeredAt: state.registeredAt,
    updatedAt: state.updatedAt,
  };
}

export function toEventResponse(event: RecordedEvent): MandateEventResponse {
  // Deliveries recorded before addresses were redacted at the source carry them in full.
  const data = event.type === 'NotificationDelivered' ? disclosedDelivery(event.data) : event.data;
  return {
    sequence: event.sequence,
    type: event.type,
    actor: event.actor,
    actorName: event.actorName,
    actorRoles: event.actorRoles,
    requestId: event.requestId,
    recordedAt: event.recordedAt,
    data: data as unknown as Record<string, unknown>,
  };
}

export function toCommandResponse(result: CommandResult): CommandResponse {
  return { mandate: toMandateResponse(result.state), events: result.events.map(toEventResponse) };
}

const orUndefined = <T>(value: T | null): T | undefined => value ?? undefined;

export function toSummaryResponse(row: MandateSummaryRow): MandateSummaryResponse {
  const record = {
    paragraph: orUndefined(row.paragraph),
    section: orUndefined(row.section),
    ordinal: orUndefined(row.ordinal),
    paragraphLabel: orUndefined(row.paragraph_label),
  };
  return {
    id: row.id,
    status: row.status,
    body: row.body,
    resolutionSymbol: row.resolution_symbol,
    ...record,
    paragraphReference: paragraphReference(record),
    adoptedOn: orUndefined(row.adopted_on),
    adoptionYear: row.adoption_year,
    adoptedOnBasis: orUndefined(row.adopted_on_basis),
    title: orUndefined(row.title),
    area: orUndefined(row.area),
    responsible: orUndefined(row.responsible),
    responsibleDependencyId: orUndefined(row.responsible_dependency_id),
    sourceUrl: orUndefined(row.source_url),
    sourceDocument: orUndefined(row.source_document),
    confidence: orUndefined(row.confidence),
    dependency: orUndefined(row.dependency),
    dependencyId: orUndefined(row.dependency_id),
    officer: orUndefined(row.officer),
    closureOutcome: orUndefined(row.closure_outcome),
    nextDueOn: orUndefined(row.next_due_on),
    overdue: !!row.next_due_on && row.next_due_on < today(),
    lastSequence: row.last_sequence,
    updatedAt: row.updated_at.toISOString(),
  };
}

export function toPageResponse(
  page: { rows: MandateSummaryRow[]; nextCursor?: string; total?: { value: number; exact: boolean } },
  limit: number,
): MandatePageResponse {
  return {
    items: page.rows.map(toSummaryResponse),
    limit,
    ...(page.nextCursor !== undefined && { nextCursor: page.nextCursor }),
    ...(page.total && { total: page.total.value, totalExact: page.total.exact }),
  };
}
