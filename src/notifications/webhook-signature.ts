import { createHmac, timingSafeEqual } from 'node:crypto';

/** Headers of a signed webhook: when it was signed, the signature, and the notification's idempotency key. */
export const WEBHOOK_TIMESTAMP_HEADER = 'x-mandate-tracker-timestamp';
export const WEBHOOK_SIGNATURE_HEADER = 'x-mandate-tracker-signature';
export const WEBHOOK_KEY_HEADER = 'x-mandate-tracker-notification';

/** HMAC-SHA256 over `${timestamp}.${body}`, hex, prefixed `sha256=`. */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export type WebhookVerdict = { ok: true } | { ok: false; reason: string };

/**
 * What a receiver does: check the signature over the timestamp and the exact body, and refuse a timestamp too
 * far from its clock (a replayed request). Receivers also drop a notification key they already took.
 */
export function verifyWebhook(
  secret: string,
  headers: { timestamp?: string; signature?: string },
  body: string,
  now: Date,
  toleranceSeconds = 300,
): WebhookVerdict {
  const timestamp = Number(headers.timestamp);
  if (!headers.timestamp || !Number.isInteger(timestamp)) return { ok: false, reason: 'no timestamp' };
  if (Math.abs(now.getTime() / 1000 - timestamp) > toleranceSeconds) return { ok: false, reason: 'stale timestamp' };
  const expected = Buffer.from(signWebhook(secret, timestamp, body));
  const given = Buffer.from(headers.signature ?? '');
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    return { ok: false, reason: 'bad signature' };
  }
  return { ok: true };
}
