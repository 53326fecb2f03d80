import { log } from '@temporalio/activity';
import type { DataSource } from 'typeorm';
import type { IssuedNotification, NotificationDelivery } from '../workflows/mandate/lifecycle';
import { DeliveryFailure, type NotificationChannel, type NotificationMessage } from '../src/notifications/channels';
import { redactAddress } from '../src/notifications/redaction';

export interface DeliverNotificationInput {
  mandateId: string;
  /** Absent when the source does not show the resolution's title. */
  title?: string;
  resolutionSymbol: string;
  /** Absent for an unnumbered paragraph: the mandate id says which one. */
  paragraph?: string;
  notification: IssuedNotification;
}

export function composeMessage(input: DeliverNotificationInput): NotificationMessage {
  const n = input.notification;
  const mandate =
    input.paragraph === undefined
      ? `${input.resolutionSymbol} (${input.mandateId})`
      : `${input.resolutionSymbol} § ${input.paragraph}`;
  const subject =
    n.kind === 'reminder'
      ? `Reminder: progress report due ${n.dueOn} (${n.days} days) — ${mandate}`
      : `Overdue ${n.days} days: progress report due ${n.dueOn} — ${mandate}`;
  const text = [
    subject,
    '',
    `Mandate: ${input.mandateId}`,
    `Resolution: ${mandate}${input.title ? ` — ${input.title}` : ''}`,
    `Responsible: ${n.officer} (${n.dependency})`,
    `Reporting cycle ${n.cycle + 1}, due ${n.dueOn}.`,
    n.kind === 'escalation' ? `Escalated to the ${n.to.replace('_', ' ')}.` : '',
  ].join('\n');
  return {
    key: n.key,
    subject,
    text,
    payload: {
      ...n,
      mandateId: input.mandateId,
      title: input.title,
      resolutionSymbol: input.resolutionSymbol,
      paragraph: input.paragraph,
    },
  };
}

interface OutboxRow {
  status: string;
  address: string | null;
  sent_at: Date | null;
}

/** A delivery as the history records it: the channel and a redacted address (no token, no mailbox in full). */
function recorded(key: string, channel: NotificationDelivery['channel'], address: string, sentAt: Date) {
  return { key, channel, address: redactAddress(channel, address), sentAt: sentAt.toISOString() };
}

/**
 * Delivers a notification on every configured channel through the outbox: one row per (key, channel), written
 * before sending and marked sent after. A retried activity (a crash, a replay) finds the row sent and does not
 * send again; a failure is recorded on the row, visible through the API, and the activity retries with backoff.
 * Only the outbox keeps full addresses (to send); what the activity returns, and so the mandate's history
 * (NotificationDelivered), and what it fails with, name no address, host, port, URL or credential.
 */
export class NotificationActivities {
  constructor(
    private readonly dataSource: DataSource,
    private readonly channels: NotificationChannel[],
  ) {}

  async deliverNotification(input: DeliverNotificationInput): Promise<NotificationDelivery[]> {
    const message = composeMessage(input);
    const n = input.notification;
    const deliveries: NotificationDelivery[] = [];
    const failures: string[] = [];
    for (const channel of this.channels) {
      const target = channel.targetFor(n);
      const address = 'address' in target ? target.address : null;
      await this.dataSource.query(
        `INSERT INTO notification_outbox (key, channel, mandate_id, kind, recipient_role, address, subject, payload, status, last_error)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
         ON CONFLICT (key, channel) DO NOTHING`,
        [
          n.key,
          channel.name,
          input.mandateId,
          n.kind,
          n.to,
          address,
          message.subject,
          JSON.stringify(message.payload),
          address ? 'pending' : 'undeliverable',
          'undeliverable' in target ? target.undeliverable : null,
        ],
      );
      const [row] = await this.dataSource.query<OutboxRow[]>(
        `SELECT status, address, sent_at FROM notification_outbox WHERE key = $1 AND channel = $2`,
        [n.key, channel.name],
      );
      if (row.status === 'sent' && row.address && row.sent_at) {
        deliveries.push(recorded(n.key, channel.name, row.address, row.sent_at));
        continue;
      }
      if (row.status === 'undeliverable' || !row.address) continue;
      try {
        await channel.send(row.address, message);
      } catch (err) {
        // The driver's error (hosts, ports, addresses) goes to the worker's log only.
        log.warn(`notification ${n.key} not delivered by ${channel.name}`, {
          error: String(err),
          cause: String((err as Error).cause),
        });
        const reason = err instanceof DeliveryFailure ? err.message : `the ${channel.name} delivery failed`;
        await this.dataSource.query(
          `UPDATE notification_outbox SET status = 'failing', attempts = attempts + 1, last_error = $3, last_attempt_at = now()
           WHERE key = $1 AND channel = $2`,
          [n.key, channel.name, reason],
        );
        failures.push(`${channel.name}: ${reason}`);
        continue;
      }
      const sentAt = new Date();
      await this.dataSource.query(
        `UPDATE notification_outbox SET status = 'sent', attempts = attempts + 1, last_error = NULL,
           last_attempt_at = $3, sent_at = $3
         WHERE key = $1 AND channel = $2`,
        [n.key, channel.name, sentAt],
      );
      deliveries.push(recorded(n.key, channel.name, row.address, sentAt));
    }
    if (failures.length > 0) {
      throw new Error(`notification ${n.key} not delivered: ${failures.join('; ')}`);
    }
    return deliveries;
  }
}
