import type { ContinuedRun, RecordedEvent } from '../../workflows/mandate/contract';

type PayloadJson = { metadata?: Record<string, string>; data?: string };

/** A workflow history as `temporal workflow show --output json` writes it (proto3 JSON). */
export interface HistoryJson {
  events: {
    eventId: string;
    eventType: string;
    activityTaskScheduledEventAttributes?: {
      activityType?: { name?: string };
      input?: { payloads?: PayloadJson[] };
    };
    workflowExecutionStartedEventAttributes?: {
      continuedExecutionRunId?: string;
      originalExecutionRunId?: string;
      input?: { payloads?: PayloadJson[] };
    };
  }[];
}

function decodePayload(payload: PayloadJson): unknown {
  const encoding = Buffer.from(payload.metadata?.encoding ?? '', 'base64').toString('utf8');
  if (encoding !== 'json/plain') throw new Error(`payload encoding ${encoding || 'none'} is not json/plain`);
  return JSON.parse(Buffer.from(payload.data ?? '', 'base64').toString('utf8')) as unknown;
}

/**
 * The domain events a mandate's histories hold, in order. Every event the workflow records goes to the read
 * model through a `projectMandate` activity, whose input the history keeps: the histories themselves are the
 * source, nothing else is trusted. Each event also names the run and the history event it came from.
 */
export function domainEventsOf(
  histories: { runId: string; history: HistoryJson }[],
): (RecordedEvent & { runId: string; historyEventId: number })[] {
  const events: (RecordedEvent & { runId: string; historyEventId: number })[] = [];
  for (const { runId, history } of histories) {
    for (const event of history.events) {
      const scheduled = event.activityTaskScheduledEventAttributes;
      if (scheduled?.activityType?.name !== 'projectMandate') continue;
      const [payload] = scheduled.input?.payloads ?? [];
      const input = decodePayload(payload ?? {}) as { events?: RecordedEvent[] };
      for (const e of input.events ?? []) events.push({ ...e, runId, historyEventId: Number(event.eventId) });
    }
  }
  return events;
}

/**
 * What a continued run starts from: the state, sequence and time its first event's input carries (see
 * `ContinuedRun`); undefined for a mandate's first run.
 */
export function continuedRunOf(history: HistoryJson): ContinuedRun | undefined {
  const started = history.events[0]?.workflowExecutionStartedEventAttributes;
  if (!started) throw new Error('the history does not begin with WorkflowExecutionStarted');
  const [payload] = started.input?.payloads ?? [];
  if (!payload) return undefined;
  const continued = (decodePayload(payload) as { continued?: ContinuedRun } | null)?.continued;
  if (continued === undefined) return undefined;
  if (typeof continued?.last?.sequence !== 'number' || typeof continued.state !== 'object' || !continued.state) {
    throw new Error('the run continues an earlier one, but its input carries no state and last sequence');
  }
  return continued;
}
