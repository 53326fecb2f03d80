/**
 * The mandate workflow's main loop as it ran before design v3 (see ./mandate.workflow.ts), kept so that the
 * histories it wrote replay exactly: a run that started on it stays on it until it continues as new. Frozen:
 * change nothing here that changes which commands it emits (the replay corpus in test/fixtures/histories/v1 and
 * v2 holds it to that).
 */
import {
  allHandlersFinished,
  condition,
  continueAsNew,
  patched,
  proxyActivities,
  workflowInfo,
} from '@temporalio/workflow';
import type { MandateActivities } from '../../activities';
import type { MandateWorkflowInput } from './contract';
import type { IssuedNotification } from './lifecycle';
import { type MandateLedger, SYSTEM_ACTOR } from './ledger';

/** Introduced behind a patch: histories recorded before it replay as they ran. */
const CONTINUE_AS_NEW = 'continue-as-new-when-suggested';

const { deliverNotification } = proxyActivities<MandateActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '30 seconds', backoffCoefficient: 2, maximumInterval: '1 hour' },
});

const { projectMandate } = proxyActivities<MandateActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

export async function runLegacyMandate(input: MandateWorkflowInput, ledger: MandateLedger): Promise<void> {
  let deliveriesInFlight = 0;
  async function deliver(notification: IssuedNotification): Promise<void> {
    deliveriesInFlight++;
    try {
      await deliverAndRecord(notification);
    } finally {
      deliveriesInFlight--;
    }
  }

  async function deliverAndRecord(notification: IssuedNotification): Promise<void> {
    const { mandateId, registration } = ledger.view();
    const deliveries = await deliverNotification({
      mandateId,
      title: registration.title,
      resolutionSymbol: registration.resolutionSymbol,
      paragraph: registration.paragraph,
      notification,
    });
    for (const delivery of deliveries) {
      ledger.execute(
        { type: 'RecordNotificationDelivery', delivery },
        { actor: SYSTEM_ACTOR, requestId: `delivery:${delivery.key}:${delivery.channel}` },
      );
    }
  }

  let projected = ledger.lastSequence - ledger.events.length;
  for (;;) {
    const issued = ledger.execute(
      { type: 'IssueDueNotifications' },
      { actor: SYSTEM_ACTOR, requestId: `notifications:${new Date().toISOString()}` },
    );
    for (const event of issued.events) {
      if (event.type === 'NotificationIssued') void deliver(event.data);
    }
    if (ledger.lastSequence > projected) {
      const batch = ledger.events.filter((e) => e.sequence > projected);
      await projectMandate({ mandateId: ledger.view().mandateId, events: batch });
      projected = batch[batch.length - 1].sequence;
      continue;
    }
    if (workflowInfo().continueAsNewSuggested && deliveriesInFlight === 0 && patched(CONTINUE_AS_NEW)) {
      await condition(allHandlersFinished);
      if (ledger.lastSequence === projected) {
        return await continueAsNew<(input: MandateWorkflowInput) => Promise<void>>({
          ...input,
          continued: ledger.snapshot(),
        });
      }
      continue;
    }
    const seen = ledger.lastSequence;
    const next = ledger.nextNotificationAt(new Date());
    await condition(() => ledger.lastSequence !== seen, next ? Date.parse(next) - Date.now() : undefined);
  }
}
