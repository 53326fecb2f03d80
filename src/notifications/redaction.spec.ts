import { disclosedDelivery, redactAddress, redactEmail, redactError, redactUrl } from './redaction';

describe(disclosedDelivery.name, () => {
  it('shows a webhook by scheme and host only: no path, query, token, credentials or port', () => {
    expect(redactUrl('https://user:pw@hooks.example.org:8443/t/SECRET-TOKEN?token=abc#x')).toBe(
      'https://hooks.example.org',
    );
    expect(redactUrl('not a url')).toBe('•••');
  });

  it('shows an e-mail address by its first letter and domain, the same when already redacted', () => {
    expect(redactEmail('maria.gonzalez@oas.org')).toBe('m•••@oas.org');
    expect(redactEmail('m•••@oas.org')).toBe('m•••@oas.org');
    expect(redactAddress('webhook', redactAddress('webhook', 'http://127.0.0.1:2526/hooks?token=t'))).toBe(
      'http://127.0.0.1',
    );
  });

  it.each([
    ['connect ECONNREFUSED 10.0.0.5:2525', 'connect ECONNREFUSED <host>'],
    ['getaddrinfo ENOTFOUND smtp.internal.example.org', 'getaddrinfo ENOTFOUND <host>'],
    ['connect ECONNREFUSED ::1:25', 'connect ECONNREFUSED <host>'],
    ['request to https://hooks.example.org/t/SECRET?token=x failed', 'request to <url> failed'],
    [
      'Message failed: 550 5.1.1 <maria@oas.org>: Recipient address rejected',
      'Message failed: 550 5.1.1 <<address>>: Recipient address rejected',
    ],
    ['connect to mailhost:587 timed out', 'connect to <host> timed out'],
    ['the webhook answered 500', 'the webhook answered 500'],
  ])('takes hosts, ports, URLs and addresses out of an error stored before: %s', (stored, shown) => {
    expect(redactError(stored)).toBe(shown);
  });

  it('redacts for anyone but a reader who sees delivery detail (the hook for roles)', () => {
    const delivery = {
      channel: 'webhook',
      address: 'https://h.example.org/x?token=s',
      lastError: 'connect ECONNREFUSED 10.0.0.5:443',
    };
    expect(disclosedDelivery(delivery)).toEqual({
      channel: 'webhook',
      address: 'https://h.example.org',
      lastError: 'connect ECONNREFUSED <host>',
    });
    expect(disclosedDelivery(delivery, { seesDeliveryDetail: true })).toBe(delivery);
  });
});
