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
});
