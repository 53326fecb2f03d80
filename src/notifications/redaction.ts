/**
 * What a delivery may show of where it went and why it failed. Webhook URLs carry tokens in their path or query,
 * SMTP errors name the mail server's host and port, and addresses are personal: the history, exports and API
 * answers keep a redacted form; the full address stays in the outbox, where the worker needs it to send.
 */

const MASK = '•••';

/** `maria.gonzalez@oas.org` → `m•••@oas.org`: enough to tell which mailbox, not enough to write to it. */
export function redactEmail(address: string): string {
  const at = address.lastIndexOf('@');
  if (at <= 0) return MASK;
  return `${address[0]}${MASK}${address.slice(at)}`;
}

/** `https://hooks.example.org:8443/t/SECRET?token=…` → `https://hooks.example.org`: scheme and host only. */
export function redactUrl(url: string): string {
  try {
    const { protocol, hostname } = new URL(url);
    return `${protocol}//${hostname}`;
  } catch {
    return MASK;
  }
}

/** A delivery's address as shown; the same for an address already redacted (events written before this). */
export function redactAddress(channel: string, address: string): string {
  return channel === 'webhook' ? redactUrl(address) : redactEmail(address);
}

const REDACTIONS: [RegExp, string][] = [
  [/\b[a-z][a-z0-9+.-]*:\/\/\S+/gi, '<url>'],
  [/[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9.-]+/g, '<address>'],
  [/\[?[0-9a-f]*:[0-9a-f:]+:[0-9a-f.]*\]?(:\d+)?/gi, '<host>'],
  [/\b\d{1,3}(\.\d{1,3}){3}(:\d+)?\b/g, '<host>'],
  [/\b([a-z0-9-]+\.)+[a-z]{2,}(:\d+)?\b/gi, '<host>'],
  [/\b[a-z0-9-]+:\d{2,5}\b/gi, '<host>'],
];

/**
 * A delivery error as shown: no URL, address, host, port or credentials. New errors are written safe already
 * (see describeDeliveryFailure); this also covers those stored before.
 */
export function redactError(message: string): string {
  return REDACTIONS.reduce((text, [pattern, replacement]) => text.replace(pattern, replacement), message);
}

/** Who reads deliveries. Until authentication says otherwise, nobody sees more than the redacted form. */
export interface DeliveryReader {
  /** Operators, once roles exist: the full address and the error as stored. */
  seesDeliveryDetail: boolean;
}

export const ANONYMOUS_READER: DeliveryReader = { seesDeliveryDetail: false };

/**
 * The one place that decides what of a delivery's address and error a reader sees (the API's outbox lists, a
 * mandate's state and events). Authentication hooks roles in here.
 */
export function disclosedDelivery<T extends { channel: string; address?: string; lastError?: string }>(
  delivery: T,
  reader: DeliveryReader = ANONYMOUS_READER,
): T {
  if (reader.seesDeliveryDetail) return delivery;
  return {
    ...delivery,
    ...(delivery.address !== undefined && { address: redactAddress(delivery.channel, delivery.address) }),
    ...(delivery.lastError !== undefined && { lastError: redactError(delivery.lastError) }),
  };
}
