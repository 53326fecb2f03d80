import { AppConfig, ConfigError } from './app-config';

type OptionalSetting = 'TEMPORAL_ADDRESS' | 'OIDC_ISSUER_URL';

/** An optional setting that this process cannot do without (the API and worker on their own need it). */
export function requireSetting(config: AppConfig, name: OptionalSetting): string {
  const value = config[name];
  if (!value) {
    throw new ConfigError([`${name} must be set (only \`npm start\` provides embedded defaults)`]);
  }
  return value;
}
