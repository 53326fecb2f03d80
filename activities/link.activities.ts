import { ApplicationFailure } from '@temporalio/common';
import { type Client, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import {
  type CommandMeta,
  MANDATE_RULE_VIOLATION,
  type MandateFailureDetails,
  mandateWorkflowId,
  recordCounterpartLinkUpdate,
  RULE_REQUEST_ALREADY_APPLIED,
} from '../workflows/mandate/contract';
import type { MandateLink } from '../workflows/mandate/lifecycle';

export interface RecordCounterpartLinkInput {
  /** The mandate that records the other side of the link. */
  targetMandateId: string;
  /** The link as the target records it (relation from its point of view, the other mandate being the origin). */
  link: MandateLink;
  /** Who made the link on the origin mandate: the counterpart event names them too. */
  meta: Pick<CommandMeta, 'actor' | 'actorName' | 'roles'>;
}

/**
 * Records the other side of a link on the other mandate's workflow, as an update whose id and request id come
 * from the link: sent again (a retry, a replay), it applies once.
 */
export class LinkActivities {
  constructor(private readonly client: Client) {}

  async recordCounterpartLink({ targetMandateId, link, meta }: RecordCounterpartLinkInput): Promise<void> {
    // Request ids take letters, digits and . _ : - (a link id's `#` becomes `:`).
    const requestId = `counterpart:${link.linkId.replace('#', ':')}`;
    try {
      await this.client.workflow
        .getHandle(mandateWorkflowId(targetMandateId))
        .executeUpdate(recordCounterpartLinkUpdate, {
          args: [{ meta: { ...meta, requestId }, command: { link } }],
          updateId: requestId,
        });
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) {
        throw ApplicationFailure.nonRetryable(`mandate ${targetMandateId} is not registered`, 'CounterpartMissing');
      }
      // Applied by an earlier run of the target (it continued as new since): done.
      const details = (
        err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure
          ? err.cause.details?.[0]
          : undefined
      ) as MandateFailureDetails | undefined;
      if (details?.rule === RULE_REQUEST_ALREADY_APPLIED) return;
      if (
        err instanceof WorkflowUpdateFailedError &&
        (err.cause as ApplicationFailure | undefined)?.type === MANDATE_RULE_VIOLATION
      ) {
        throw ApplicationFailure.nonRetryable(String((err.cause as Error).message), 'CounterpartRefused');
      }
      throw err;
    }
  }
}
