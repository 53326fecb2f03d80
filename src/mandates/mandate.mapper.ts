import type { CommandResult, MandateStateView, RecordedEvent } from '../../workflows/mandate/contract';
import type { MandateViewEntity } from '../database/mandate-view.entity';
import type {
  CommandResponse,
  MandateEventResponse,
  MandateResponse,
  MandateSummaryResponse,
} from './dto/mandate.response';

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

export function toMandateResponse(state: MandateStateView): MandateResponse {
  const r = state.registration;
  const current = state.status === 'closed' ? undefined : state.reporting?.current;
  return {
    id: state.mandateId,
    status: state.status,
    body: r.body,
    resolutionSymbol: r.resolutionSymbol,
    paragraph: r.paragraph,
    adoptedOn: r.adoptedOn,
    title: r.title,
    text: r.text,
    area: r.area,
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
      deliveries: n.deliveries.map(({ channel, address, sentAt }) => ({ channel, address, sentAt })),
    })),
    lastSequence: state.lastSequence,
    registeredAt: state.registeredAt,
    updatedAt: state.updatedAt,
  };
}

export function toEventResponse(event: RecordedEvent): MandateEventResponse {
  return {
    sequence: event.sequence,
    type: event.type,
    actor: event.actor,
    actorName: event.actorName,
    actorRoles: event.actorRoles,
    requestId: event.requestId,
    recordedAt: event.recordedAt,
    data: event.data as unknown as Record<string, unknown>,
  };
}

export function toCommandResponse(result: CommandResult): CommandResponse {
  return { mandate: toMandateResponse(result.state), events: result.events.map(toEventResponse) };
}

export function toSummaryResponse(row: MandateViewEntity): MandateSummaryResponse {
  return {
    id: row.id,
    status: row.status,
    body: row.body,
    resolutionSymbol: row.resolutionSymbol,
    paragraph: row.paragraph,
    title: row.title,
    area: row.area ?? undefined,
    adoptedOn: row.adoptedOn,
    dependency: row.dependency ?? undefined,
    dependencyId: row.dependencyId ?? undefined,
    officer: row.officer ?? undefined,
    closureOutcome: row.closureOutcome ?? undefined,
    nextDueOn: row.nextDueOn ?? undefined,
    overdue: !!row.nextDueOn && row.nextDueOn < today(),
    lastSequence: row.lastSequence,
    updatedAt: row.updatedAt.toISOString(),
  };
}
