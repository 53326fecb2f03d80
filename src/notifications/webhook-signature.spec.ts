import { signWebhook, verifyWebhook } from './webhook-signature';

describe(verifyWebhook.name, () => {
  const secret = 'a-webhook-secret-for-tests';
  const body = JSON.stringify({ key: 'm/c0/2027-06-21/reminder-30', kind: 'reminder' });
  const now = new Date('2027-05-22T13:00:05Z');
  const timestamp = Math.floor(Date.parse('2027-05-22T13:00:00Z') / 1000);
  const headers = { timestamp: String(timestamp), signature: signWebhook(secret, timestamp, body) };

  it('accepts what was signed with the secret, over that timestamp and body', () => {
    expect(verifyWebhook(secret, headers, body, now)).toEqual({ ok: true });
    expect(headers.signature).toMatch(/^sha256=[0-9a-f]{64}$/);
  });

  it('refuses a changed body, another secret, or a signature moved to another timestamp', () => {
    expect(verifyWebhook(secret, headers, body.replace('30', '31'), now)).toEqual({
      ok: false,
      reason: 'bad signature',
    });
    expect(verifyWebhook('another-secret-of-16+', headers, body, now)).toEqual({ ok: false, reason: 'bad signature' });
    expect(verifyWebhook(secret, { ...headers, timestamp: String(timestamp + 1) }, body, now)).toEqual({
      ok: false,
      reason: 'bad signature',
    });
  });

  it('refuses a replay: a timestamp more than five minutes from the clock, or none', () => {
    const later = new Date(now.getTime() + 301_000);
    expect(verifyWebhook(secret, headers, body, later)).toEqual({ ok: false, reason: 'stale timestamp' });
    expect(verifyWebhook(secret, { signature: headers.signature }, body, now)).toEqual({
      ok: false,
      reason: 'no timestamp',
    });
  });
});
