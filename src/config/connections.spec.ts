import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './app-config';
import { readModelConnection, temporalConnectionSettings } from './connections';

describe('connections', () => {
  let dir: string;
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'connections-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  describe(readModelConnection.name, () => {
    it('passes the parts as they are: a password that a URL would need encoded needs nothing', () => {
      const password = 'p@ss:w/rd%41 #?';
      const secret = file('password', `${password}\n`);
      const config = loadConfig({
        DATABASE_HOST: 'db',
        DATABASE_USER: 'mandates_app',
        DATABASE_PASSWORD_FILE: secret,
        DATABASE_NAME: 'mandates',
      });
      expect(readModelConnection(config)).toEqual({
        host: 'db',
        port: 5432,
        username: 'mandates_app',
        password,
        database: 'mandates',
      });
    });

    it('turns on verified TLS with DATABASE_SSL_CA_FILE, with a URL or with parts', () => {
      const ca = file('ca.pem', '-----BEGIN CERTIFICATE-----\nCA\n');
      const url = 'postgres://u:p@db:5432/mandates';
      expect(readModelConnection(loadConfig({ DATABASE_URL: url, DATABASE_SSL_CA_FILE: ca }))).toEqual({
        url,
        ssl: { ca: '-----BEGIN CERTIFICATE-----\nCA\n', rejectUnauthorized: true },
      });
      expect(readModelConnection(loadConfig({ DATABASE_URL: `${url}?sslmode=verify-full` }))).toEqual({
        url: `${url}?sslmode=verify-full`,
      });
    });

    it('says what to set when nothing is', () => {
      expect(() => readModelConnection(loadConfig({}))).toThrow(ConfigError);
    });
  });

  describe(temporalConnectionSettings.name, () => {
    it('is plain text with no TLS setting', () => {
      expect(temporalConnectionSettings(loadConfig({ TEMPORAL_ADDRESS: 'temporal:7233' }))).toEqual({
        address: 'temporal:7233',
      });
    });

    it('reads the mTLS files and the server name', () => {
      const config = loadConfig({
        TEMPORAL_ADDRESS: 'temporal:7233',
        TEMPORAL_TLS_CERT_FILE: file('client.pem', 'CERT'),
        TEMPORAL_TLS_KEY_FILE: file('client.key', 'KEY'),
        TEMPORAL_TLS_CA_FILE: file('ca.pem', 'CA'),
        TEMPORAL_TLS_SERVER_NAME: 'frontend.temporal.internal',
      });
      expect(temporalConnectionSettings(config)).toEqual({
        address: 'temporal:7233',
        tls: {
          serverNameOverride: 'frontend.temporal.internal',
          serverRootCACertificate: Buffer.from('CA'),
          clientCertPair: { crt: Buffer.from('CERT'), key: Buffer.from('KEY') },
        },
      });
    });

    it('sends an API key over TLS with the system roots', () => {
      const config = loadConfig({ TEMPORAL_ADDRESS: 'ns.acct.tmprl.cloud:7233', TEMPORAL_API_KEY: 'key' });
      expect(temporalConnectionSettings(config)).toEqual({
        address: 'ns.acct.tmprl.cloud:7233',
        tls: {},
        apiKey: 'key',
      });
      expect(temporalConnectionSettings(loadConfig({ TEMPORAL_ADDRESS: 'h:7233', TEMPORAL_TLS: 'true' }))).toEqual({
        address: 'h:7233',
        tls: {},
      });
    });
  });
});
