import type { TLSConfig } from '@temporalio/client';
import { readFileSync } from 'node:fs';
import type { TlsOptions } from 'node:tls';
import { type AppConfig, ConfigError, temporalTlsImplied } from './app-config';
import { requireSetting } from './require-setting';

/** What both the client's Connection and the worker's NativeConnection take to reach the Temporal frontend. */
export interface TemporalConnectionSettings {
  address: string;
  tls?: TLSConfig;
  apiKey?: string;
}

export function temporalConnectionSettings(config: AppConfig): TemporalConnectionSettings {
  const address = requireSetting(config, 'TEMPORAL_ADDRESS');
  if (!(config.TEMPORAL_TLS ?? temporalTlsImplied(config))) return { address };
  const tls: TLSConfig = {};
  if (config.TEMPORAL_TLS_SERVER_NAME) tls.serverNameOverride = config.TEMPORAL_TLS_SERVER_NAME;
  if (config.TEMPORAL_TLS_CA_FILE) tls.serverRootCACertificate = readFileSync(config.TEMPORAL_TLS_CA_FILE);
  if (config.TEMPORAL_TLS_CERT_FILE && config.TEMPORAL_TLS_KEY_FILE) {
    tls.clientCertPair = {
      crt: readFileSync(config.TEMPORAL_TLS_CERT_FILE),
      key: readFileSync(config.TEMPORAL_TLS_KEY_FILE),
    };
  }
  return { address, tls, ...(config.TEMPORAL_API_KEY && { apiKey: config.TEMPORAL_API_KEY }) };
}

/** The read model's connection, as TypeORM's PostgreSQL driver takes it: a URL, or parts (nothing to encode). */
export interface ReadModelConnection {
  url?: string;
  host?: string;
  port?: number;
  username?: string;
  password?: string;
  database?: string;
  ssl?: TlsOptions;
}

export function readModelConnection(config: AppConfig): ReadModelConnection {
  // Verified TLS: node-postgres checks the certificate against this CA and the host name against it.
  const ssl = config.DATABASE_SSL_CA_FILE
    ? { ssl: { ca: readFileSync(config.DATABASE_SSL_CA_FILE, 'utf8'), rejectUnauthorized: true } }
    : {};
  if (config.DATABASE_URL) return { url: config.DATABASE_URL, ...ssl };
  if (config.DATABASE_HOST) {
    return {
      host: config.DATABASE_HOST,
      port: config.DATABASE_PORT,
      username: config.DATABASE_USER,
      password:
        config.DATABASE_PASSWORD ??
        // A secret file usually ends with a newline that is not part of the password.
        readFileSync(config.DATABASE_PASSWORD_FILE ?? '', 'utf8').replace(/\r?\n$/, ''),
      database: config.DATABASE_NAME,
      ...ssl,
    };
  }
  throw new ConfigError(['DATABASE_URL or DATABASE_HOST must be set (only `npm start` provides embedded defaults)']);
}
