import { createHash } from 'node:crypto';
import { createTransport, type Transporter } from 'nodemailer';
import type { IssuedNotification } from '../../workflows/mandate/lifecycle';
import type { AppConfig } from '../config/app-config';
import { dependencyHeadsFrom } from '../config/notification-settings';
import {
  signWebhook,
  WEBHOOK_KEY_HEADER,
  WEBHOOK_SIGNATURE_HEADER,
  WEBHOOK_TIMESTAMP_HEADER,
} from './webhook-signature';

export interface NotificationMessage {
  /** The notification's idempotency key: the same on every retry and every channel. */
  key: string;
  subject: string;
  text: string;
  payload: Record<string, unknown>;
}

export type Target = { address: string } | { undeliverable: string };

/**
 * A delivery that failed, described safely: its message goes into the outbox, the mandate's history and the API,
 * so it names no host, port, URL, address or credential. The driver's own error is its `cause`, for the log.
 */
export class DeliveryFailure extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DeliveryFailure';
  }
}

/** What nodemailer's error codes mean, in words that name no server. */
const SMTP_FAILURES: Record<string, string> = {
  ECONNECTION: 'the mail server could not be reached',
  EDNS: 'the mail server could not be found',
  ETIMEDOUT: 'the mail server did not answer in time',
  ESOCKET: 'the connection to the mail server failed',
  ETLS: 'TLS with the mail server failed',
  EAUTH: 'the mail server refused the credentials',
  EENVELOPE: 'the mail server refused the sender or a recipient',
  EMESSAGE: 'the mail server refused the message',
  EPROTOCOL: 'the mail server answered out of protocol',
};

/** An SMTP error as a DeliveryFailure: nodemailer's code and the SMTP reply code, never its message. */
export function smtpFailure(err: unknown): DeliveryFailure {
  const { code, responseCode } = (err ?? {}) as { code?: unknown; responseCode?: unknown };
  const known = typeof code === 'string' && code in SMTP_FAILURES ? code : undefined;
  const codes = [known, typeof responseCode === 'number' ? String(responseCode) : undefined].filter(Boolean);
  const what = known ? SMTP_FAILURES[known] : 'the mail server did not accept the message';
  return new DeliveryFailure(`${what}${codes.length ? ` (${codes.join(' ')})` : ''}`, { cause: err });
}

/** A way a notification reaches someone. Addresses come from configuration and from the mandate. */
export interface NotificationChannel {
  readonly name: 'email' | 'webhook';
  targetFor(notification: IssuedNotification): Target;
  send(address: string, message: NotificationMessage): Promise<void>;
}

export class EmailChannel implements NotificationChannel {
  readonly name = 'email';
  private readonly transport: Transporter;
  private readonly heads: Record<string, string>;

  constructor(private readonly config: AppConfig & { SMTP_URL: string }) {
    this.transport = createTransport(config.SMTP_URL);
    this.heads = dependencyHeadsFrom(config);
  }

  targetFor(n: IssuedNotification): Target {
    const address =
      n.to === 'officer'
        ? n.officerEmail
        : n.to === 'dependency_head'
          ? this.heads[n.dependency]
          : this.config.SECRETARY_EMAIL;
    if (address) return { address };
    const where =
      n.to === 'officer'
        ? `officer ${n.officer} has no officerEmail`
        : n.to === 'dependency_head'
          ? `DEPENDENCY_HEADS has no address for ${n.dependency}`
          : 'SECRETARY_EMAIL is not set';
    return { undeliverable: `no e-mail address for the ${n.to}: ${where}` };
  }

  async send(address: string, message: NotificationMessage): Promise<void> {
    try {
      await this.transport.sendMail({
        from: this.config.MAIL_FROM,
        to: address,
        subject: message.subject,
        text: message.text,
        // The same Message-ID on every retry, so that a copy resent after a crash is recognisably the same mail.
        messageId: `<${createHash('sha256').update(message.key).digest('hex')}@mandate-tracker>`,
        headers: { 'X-Mandate-Tracker-Notification': message.key },
      });
    } catch (err) {
      throw smtpFailure(err);
    }
  }
}

const WEBHOOK_TIMEOUT_MS = 15_000;

export class WebhookChannel implements NotificationChannel {
  readonly name = 'webhook';

  constructor(
    private readonly url: string,
    private readonly secret: string,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  targetFor(): Target {
    return { address: this.url };
  }

  async send(address: string, message: NotificationMessage): Promise<void> {
    const body = JSON.stringify(message.payload);
    const timestamp = Math.floor(this.clock().getTime() / 1000);
    let response: globalThis.Response;
    try {
      response = await fetch(address, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [WEBHOOK_TIMESTAMP_HEADER]: String(timestamp),
          [WEBHOOK_SIGNATURE_HEADER]: signWebhook(this.secret, timestamp, body),
          [WEBHOOK_KEY_HEADER]: message.key,
        },
        body,
        signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
      });
    } catch (err) {
      const timedOut = err instanceof Error && err.name === 'TimeoutError';
      throw new DeliveryFailure(
        timedOut
          ? `the webhook did not answer within ${WEBHOOK_TIMEOUT_MS / 1000} s`
          : 'the webhook could not be reached',
        { cause: err },
      );
    }
    if (!response.ok) throw new DeliveryFailure(`the webhook answered ${response.status}`);
  }
}

/** The channels the configuration sets up: e-mail when SMTP_URL is set, a webhook when WEBHOOK_URL is. */
export function channelsFrom(config: AppConfig): NotificationChannel[] {
  const channels: NotificationChannel[] = [];
  if (config.SMTP_URL) channels.push(new EmailChannel({ ...config, SMTP_URL: config.SMTP_URL }));
  if (config.WEBHOOK_URL && config.WEBHOOK_SECRET)
    channels.push(new WebhookChannel(config.WEBHOOK_URL, config.WEBHOOK_SECRET));
  return channels;
}
