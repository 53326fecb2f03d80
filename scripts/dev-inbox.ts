/**
 * A local inbox for trying notifications by hand: an SMTP server on 127.0.0.1:2525 and a webhook receiver on
 * 127.0.0.1:2526 that checks signatures, printing what arrives. `npm run dev:inbox`, then start the service with
 *   SMTP_URL=smtp://127.0.0.1:2525 WEBHOOK_URL=http://127.0.0.1:2526/ WEBHOOK_SECRET=dev-webhook-secret-123 npm start
 */
import { TestMailServer, TestWebhookReceiver } from '../test/support/receivers';

const secret = process.env.WEBHOOK_SECRET ?? 'dev-webhook-secret-123';

async function main(): Promise<void> {
  const mail = new TestMailServer();
  const hooks = new TestWebhookReceiver(secret);
  mail.onMessage = (m) => console.log(`${m.receivedAt.toISOString()}  e-mail   to ${m.to.join(', ')}: ${m.subject}`);
  hooks.onAccepted = (w) =>
    console.log(`${w.receivedAt.toISOString()}  webhook  (signature verified) ${w.key}: ${JSON.stringify(w.body)}`);
  await mail.start(Number(process.env.INBOX_SMTP_PORT ?? 2525));
  await hooks.start(Number(process.env.INBOX_WEBHOOK_PORT ?? 2526));
  console.log(`SMTP on smtp://127.0.0.1:${mail.port}, webhooks on ${hooks.url} (secret "${secret}"). Ctrl-C stops.`);
}

void main();
