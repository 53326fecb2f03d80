import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import {
  verifyWebhook,
  WEBHOOK_KEY_HEADER,
  WEBHOOK_SIGNATURE_HEADER,
  WEBHOOK_TIMESTAMP_HEADER,
} from '../../src/notifications/webhook-signature';

export interface ReceivedMail {
  messageId: string;
  to: string[];
  subject: string;
  notificationKey: string;
  receivedAt: Date;
}

/** RFC 2047 encoded words (=?UTF-8?Q?…?= and =?UTF-8?B?…?=), as nodemailer writes non-ASCII headers. */
function decodeWords(value: string): string {
  return value.replace(/=\?UTF-8\?([QB])\?([^?]*)\?=\s*/gi, (_, encoding: string, text: string) =>
    encoding.toUpperCase() === 'B'
      ? Buffer.from(text, 'base64').toString('utf8')
      : Buffer.from(
          text
            .replace(/_/g, ' ')
            .replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))),
          'latin1',
        ).toString('utf8'),
  );
}

function header(raw: string, name: string): string {
  const match = new RegExp(`^${name}:\\s*(.*(?:\\r?\\n[ \\t].*)*)`, 'im').exec(raw);
  return match ? decodeWords(match[1].replace(/\r?\n[ \t]+/g, ' ').trim()) : '';
}

/** A real SMTP server on loopback that keeps what it receives (a mailbox keyed by Message-ID, as mail stores are). */
export class TestMailServer {
  readonly received: ReceivedMail[] = [];
  /** Called once a message is in, before the server answers 250 (for crash tests). */
  onMessage?: (mail: ReceivedMail) => void;
  private server?: SMTPServer;
  port = 0;

  async start(port = 0): Promise<void> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData: (stream, session, callback) => {
        let raw = '';
        stream.on('data', (chunk: Buffer) => (raw += chunk.toString()));
        stream.on('end', () => {
          const mail: ReceivedMail = {
            messageId: header(raw, 'Message-ID'),
            to: session.envelope.rcptTo.map((r) => r.address),
            subject: header(raw, 'Subject'),
            notificationKey: header(raw, 'X-Mandate-Tracker-Notification'),
            receivedAt: new Date(),
          };
          this.received.push(mail);
          this.onMessage?.(mail);
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    this.port = (this.server.server.address() as AddressInfo).port;
  }

  /** One mailbox entry per Message-ID. */
  mailbox(): ReceivedMail[] {
    return [...new Map(this.received.map((m) => [m.messageId, m])).values()];
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}

export interface ReceivedWebhook {
  key: string;
  body: Record<string, unknown>;
  receivedAt: Date;
}

/** A real HTTP receiver that verifies signatures, rejects stale or forged calls, and keeps one copy per key. */
export class TestWebhookReceiver {
  readonly accepted = new Map<string, ReceivedWebhook>();
  readonly calls: { key: string; status: number }[] = [];
  /** Keys for which the receiver answers 500, to make deliveries fail. */
  readonly failFor = new Set<string>();
  private server?: Server;
  url = '';

  constructor(private readonly secret: string) {}

  /** Called with each verified call the receiver takes. */
  onAccepted?: (webhook: ReceivedWebhook) => void;

  async start(port = 0): Promise<void> {
    this.server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        const key = String(req.headers[WEBHOOK_KEY_HEADER] ?? '');
        const verdict = verifyWebhook(
          this.secret,
          {
            timestamp: req.headers[WEBHOOK_TIMESTAMP_HEADER] as string | undefined,
            signature: req.headers[WEBHOOK_SIGNATURE_HEADER] as string | undefined,
          },
          body,
          new Date(),
        );
        const status = !verdict.ok ? 401 : this.failFor.has(key) ? 500 : 200;
        this.calls.push({ key, status });
        if (status === 200 && !this.accepted.has(key)) {
          const webhook = { key, body: JSON.parse(body) as Record<string, unknown>, receivedAt: new Date() };
          this.accepted.set(key, webhook);
          this.onAccepted?.(webhook);
        }
        res.writeHead(status).end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks/mandates`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}
