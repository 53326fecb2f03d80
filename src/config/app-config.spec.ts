import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppConfig, ConfigError, loadConfig } from './app-config';

describe(loadConfig.name, () => {
  it('gives the embedded defaults when nothing is set', () => {
    const config = loadConfig({});
    expect(config).toBeInstanceOf(AppConfig);
    expect(config.TEMPORAL_ADDRESS).toBeUndefined();
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config).toMatchObject({
      TEMPORAL_NAMESPACE: 'default',
      TEMPORAL_TASK_QUEUE: 'mandates',
      PORT: 3000,
      DATABASE_MIGRATE: true,
    });
  });

  it('reads and converts the variables it knows, ignoring the rest', () => {
    const config = loadConfig({
      TEMPORAL_ADDRESS: 'temporal:7233',
      DATABASE_URL: 'postgres://u:p@db:5432/mandates',
      PORT: '8080',
      DATABASE_MIGRATE: 'false',
      PATH: '/usr/bin',
    });
    expect(config).toMatchObject({ TEMPORAL_ADDRESS: 'temporal:7233', PORT: 8080, DATABASE_MIGRATE: false });
    expect(config).not.toHaveProperty('PATH');
  });

  it('treats an empty variable as unset', () => {
    const config = loadConfig({ TEMPORAL_ADDRESS: '', PORT: '' });
    expect(config.TEMPORAL_ADDRESS).toBeUndefined();
    expect(config.PORT).toBe(3000);
  });

  it('refuses bad values with an error naming every bad variable', () => {
    let error: unknown;
    try {
      loadConfig({ TEMPORAL_ADDRESS: 'http://temporal', PORT: '70000', DATABASE_URL: 'mysql://db' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.map((p) => p.split('=')[0]).sort();
    expect(problems).toEqual(['DATABASE_URL', 'PORT', 'TEMPORAL_ADDRESS']);
  });

  it('bounds the audit replay pool and body size', () => {
    expect(loadConfig({})).toMatchObject({
      AUDIT_REPLAY_THREADS: 2,
      AUDIT_REPLAY_QUEUE: 4,
      AUDIT_MAX_BODY_BYTES: 32 * 1024 * 1024,
    });
    expect(() => loadConfig({ AUDIT_REPLAY_THREADS: '0' })).toThrow('AUDIT_REPLAY_THREADS');
    expect(() => loadConfig({ AUDIT_MAX_BODY_BYTES: 'lots' })).toThrow('AUDIT_MAX_BODY_BYTES');
  });

  it('bounds the worker: a workflow cache of 1,000 unless set, the SDK keeping the other limits unless set', () => {
    expect(loadConfig({})).toMatchObject({ WORKER_MAX_CACHED_WORKFLOWS: 500 });
    expect(loadConfig({}).WORKER_MAX_CONCURRENT_WORKFLOW_TASKS).toBeUndefined();
    expect(loadConfig({}).WORKER_MAX_CONCURRENT_ACTIVITIES).toBeUndefined();
    expect(
      loadConfig({
        WORKER_MAX_CACHED_WORKFLOWS: '0',
        WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: '8',
        WORKER_MAX_CONCURRENT_ACTIVITIES: '20',
      }),
    ).toMatchObject({
      WORKER_MAX_CACHED_WORKFLOWS: 0,
      WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: 8,
      WORKER_MAX_CONCURRENT_ACTIVITIES: 20,
    });
    expect(() => loadConfig({ WORKER_MAX_CACHED_WORKFLOWS: '-1' })).toThrow('WORKER_MAX_CACHED_WORKFLOWS');
    expect(() => loadConfig({ WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: '1' })).toThrow(
      'WORKER_MAX_CONCURRENT_WORKFLOW_TASKS',
    );
    expect(() => loadConfig({ WORKER_MAX_CONCURRENT_ACTIVITIES: 'many' })).toThrow('WORKER_MAX_CONCURRENT_ACTIVITIES');
  });
});

describe('loadConfig: the read model in parts', () => {
  const parts = { DATABASE_HOST: 'db', DATABASE_USER: 'mandates_app', DATABASE_NAME: 'mandates' };
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'app-config-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  it('accepts a host, user, database and password instead of DATABASE_URL', () => {
    const config = loadConfig({ ...parts, DATABASE_PASSWORD: 'p@ss:w/rd%41', DATABASE_PORT: '6432' });
    expect(config).toMatchObject({ ...parts, DATABASE_PORT: 6432, DATABASE_PASSWORD: 'p@ss:w/rd%41' });
  });

  it('names each part that is missing, and not the password it was given', () => {
    const problems = problemsOf({ DATABASE_HOST: 'db', DATABASE_PASSWORD: 'hunter2-hunter2' });
    expect(problems.map((p) => p.split('=')[0]).sort()).toEqual(['DATABASE_NAME', 'DATABASE_USER']);
    expect(problemsOf({ DATABASE_USER: 'u', DATABASE_PASSWORD: 'hunter2' })[0]).toMatch(/^DATABASE_HOST=/);
    expect(problemsOf({ ...parts })[0]).toMatch(/^DATABASE_PASSWORD=.*DATABASE_PASSWORD_FILE must be set/);
    expect(problemsOf({ ...parts, DATABASE_PASSWORD: 42 as unknown as string }).join()).not.toContain('42');
  });

  it('refuses DATABASE_URL together with parts, and a password given twice', () => {
    expect(problemsOf({ ...parts, DATABASE_PASSWORD: 'x', DATABASE_URL: 'postgres://db/m' })).toEqual([
      'DATABASE_URL: set either DATABASE_URL or DATABASE_HOST and its parts, not both',
    ]);
    const secret = file('both', 'x');
    expect(problemsOf({ ...parts, DATABASE_PASSWORD: 'x', DATABASE_PASSWORD_FILE: secret })[0]).toMatch(
      /^DATABASE_PASSWORD_FILE: set either/,
    );
  });

  it('reads DATABASE_PASSWORD_FILE at boot: a missing or empty file stops it, naming the variable', () => {
    expect(problemsOf({ ...parts, DATABASE_PASSWORD_FILE: join(dir, 'absent') })[0]).toMatch(
      /^DATABASE_PASSWORD_FILE=".*absent": cannot read it \(ENOENT\)$/,
    );
    expect(problemsOf({ ...parts, DATABASE_PASSWORD_FILE: file('empty', '\n') })[0]).toMatch(/the file is empty$/);
    expect(problemsOf({ AUDIT_SIGNING_KEY_FILE: join(dir, 'no-key.pem') })[0]).toMatch(/^AUDIT_SIGNING_KEY_FILE=/);
  });

  it('refuses DATABASE_SSL_CA_FILE when DATABASE_URL already sets sslmode', () => {
    const ca = file('ca.pem', 'CA');
    expect(
      problemsOf({ DATABASE_URL: 'postgres://u:p@db/m?sslmode=verify-full', DATABASE_SSL_CA_FILE: ca })[0],
    ).toMatch(/^DATABASE_SSL_CA_FILE: DATABASE_URL already sets sslmode/);
    expect(loadConfig({ DATABASE_URL: 'postgres://u:p@db/m', DATABASE_SSL_CA_FILE: ca }).DATABASE_SSL_CA_FILE).toBe(ca);
  });

  it('reads READ_MODEL_WAIT_SECONDS, 120 by default', () => {
    expect(loadConfig({}).READ_MODEL_WAIT_SECONDS).toBe(120);
    expect(loadConfig({ READ_MODEL_WAIT_SECONDS: '5' }).READ_MODEL_WAIT_SECONDS).toBe(5);
    expect(problemsOf({ READ_MODEL_WAIT_SECONDS: 'soon' })[0]).toMatch(/^READ_MODEL_WAIT_SECONDS=/);
  });
});

describe('loadConfig: TLS to Temporal', () => {
  let dir: string;
  let cert: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'app-config-tls-'));
    cert = join(dir, 'client.pem');
    writeFileSync(cert, 'CERT');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('needs the client certificate and its key together', () => {
    expect(problemsOf({ TEMPORAL_TLS_CERT_FILE: cert })[0]).toMatch(
      /^TEMPORAL_TLS_KEY_FILE=.*must be set with TEMPORAL_TLS_CERT_FILE/,
    );
    expect(problemsOf({ TEMPORAL_TLS_KEY_FILE: cert })[0]).toMatch(/^TEMPORAL_TLS_CERT_FILE=/);
  });

  it('refuses TEMPORAL_TLS=false with TLS settings, and unreadable files', () => {
    expect(problemsOf({ TEMPORAL_TLS: 'false', TEMPORAL_API_KEY: 'key' })).toEqual([
      'TEMPORAL_TLS=false: TEMPORAL_TLS_* files or TEMPORAL_API_KEY need TLS',
    ]);
    expect(problemsOf({ TEMPORAL_TLS_CA_FILE: join(dir, 'absent.pem') })[0]).toMatch(
      /^TEMPORAL_TLS_CA_FILE=".*": cannot read it \(ENOENT\)$/,
    );
  });
});

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('the configuration was accepted');
}

describe('loadConfig: what the API takes from callers', () => {
  it('bounds bodies to 1 MiB, allows no other origin, and limits clients, by default', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      MAX_BODY_BYTES: 1_048_576,
      RATE_LIMIT_PER_MINUTE: 600,
      RATE_LIMIT_EXPENSIVE_PER_MINUTE: 10,
    });
    expect(config.CORS_ORIGINS).toBeUndefined();
    expect(config.TRUST_PROXY).toBeUndefined();
  });

  it('takes origins, proxies and limits, and refuses what is not one', () => {
    expect(
      loadConfig({ CORS_ORIGINS: 'https://console.example.org,http://localhost:5173', TRUST_PROXY: '10.0.0.0/8,::1' }),
    ).toMatchObject({
      CORS_ORIGINS: 'https://console.example.org,http://localhost:5173',
      TRUST_PROXY: '10.0.0.0/8,::1',
    });
    for (const [name, value] of [
      ['CORS_ORIGINS', '*'],
      ['CORS_ORIGINS', 'https://console.example.org/path'],
      ['TRUST_PROXY', 'everyone'],
      ['MAX_BODY_BYTES', '10'],
      ['RATE_LIMIT_PER_MINUTE', '-1'],
    ]) {
      expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`^Invalid configuration:\\n  - ${name}=`));
    }
  });
});
