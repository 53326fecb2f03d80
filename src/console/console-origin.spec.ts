import { loadConfig } from '../config/app-config';
import { consoleOrigins } from '../identity-provider/console-origins';

describe('the console origin', () => {
  it('is where the API listens, under both loopback names, by default', () => {
    expect(consoleOrigins(loadConfig({ PORT: '3000' }))).toEqual(['http://127.0.0.1:3000', 'http://localhost:3000']);
  });

  it('is CONSOLE_ORIGIN alone behind a proxy or TLS', () => {
    expect(consoleOrigins(loadConfig({ CONSOLE_ORIGIN: 'https://mandates.example.org' }))).toEqual([
      'https://mandates.example.org',
    ]);
  });

  it.each([
    'https://mandates.example.org/console',
    'mandates.example.org',
    'https://a.example.org,https://b.example.org',
  ])('refuses CONSOLE_ORIGIN=%s, naming the variable', (value) => {
    expect(() => loadConfig({ CONSOLE_ORIGIN: value })).toThrow(/CONSOLE_ORIGIN=/);
  });
});
