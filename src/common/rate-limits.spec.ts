import { loadConfig } from '../config/app-config';
import { rateLimits } from './rate-limits';
import { trustProxySetting } from './http-hardening';

describe(rateLimits.name, () => {
  it('sets a general ceiling and a lower one on the expensive routes, per minute', () => {
    expect(rateLimits(loadConfig({})).map(({ name, ttl, limit }) => ({ name, ttl, limit }))).toEqual([
      { name: 'all-routes', ttl: 60_000, limit: 600 },
      { name: 'expensive-routes', ttl: 60_000, limit: 10 },
    ]);
  });

  it('turns a limit off with 0', () => {
    expect(rateLimits(loadConfig({ RATE_LIMIT_PER_MINUTE: '0' })).map((l) => l.name)).toEqual(['expensive-routes']);
    expect(rateLimits(loadConfig({ RATE_LIMIT_PER_MINUTE: '0', RATE_LIMIT_EXPENSIVE_PER_MINUTE: '0' }))).toEqual([]);
  });
});

describe(trustProxySetting.name, () => {
  it('reads a hop count as a number and addresses as a list, as Express takes them', () => {
    expect(trustProxySetting('1')).toBe(1);
    expect(trustProxySetting('10.0.0.0/8,::1')).toEqual(['10.0.0.0/8', '::1']);
  });
});
