import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsJSON,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  ValidateIf,
  validateSync,
} from 'class-validator';
import { readFileSync } from 'node:fs';
import { MANDATE_TASK_QUEUE } from '../../workflows/mandate/contract';

const toBoolean = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? ['1', 'true', 'yes'].includes(value.toLowerCase()) : value;
const toInt = ({ value }: { value: unknown }) => (typeof value === 'string' && value !== '' ? Number(value) : value);
const hasDatabaseParts = (c: AppConfig) =>
  [c.DATABASE_HOST, c.DATABASE_USER, c.DATABASE_PASSWORD, c.DATABASE_PASSWORD_FILE, c.DATABASE_NAME].some(
    (v) => v !== undefined,
  );

const CLAIM_PATH = /^[\w:/.-]{1,200}$/;
const ROLE_MAP =
  /^(secretariat|officer|auditor|administrator)=[^\s,=|]+(\|[^\s,=|]+)*(,(secretariat|officer|auditor|administrator)=[^\s,=|]+(\|[^\s,=|]+)*)*$/;

/**
 * The process's configuration, read once from the environment at boot and validated. Property names are the
 * environment variables' names, so an error names the variable to fix.
 */
export class AppConfig {
  /** host:port of the Temporal frontend. Unset under `npm start`: a dev server is started on embedded defaults. */
  @IsOptional()
  @Matches(/^[^\s:]+:\d{1,5}$/, { message: 'TEMPORAL_ADDRESS must be host:port' })
  TEMPORAL_ADDRESS?: string;

  @IsString()
  @IsNotEmpty()
  TEMPORAL_NAMESPACE = 'default';

  @IsString()
  @IsNotEmpty()
  TEMPORAL_TASK_QUEUE = MANDATE_TASK_QUEUE;

  /**
   * TLS to the Temporal frontend. Unset: on when any other TEMPORAL_TLS_* or TEMPORAL_API_KEY is set. Without
   * TEMPORAL_TLS_CA_FILE the system's root certificates verify the server.
   */
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  TEMPORAL_TLS?: boolean;

  /** PEM client certificate for mTLS to Temporal (with TEMPORAL_TLS_KEY_FILE). */
  @ValidateIf((c: AppConfig) => c.TEMPORAL_TLS_KEY_FILE !== undefined)
  @IsString({ message: 'TEMPORAL_TLS_CERT_FILE must be set with TEMPORAL_TLS_KEY_FILE' })
  TEMPORAL_TLS_CERT_FILE?: string;

  @ValidateIf((c: AppConfig) => c.TEMPORAL_TLS_CERT_FILE !== undefined)
  @IsString({ message: 'TEMPORAL_TLS_KEY_FILE must be set with TEMPORAL_TLS_CERT_FILE' })
  TEMPORAL_TLS_KEY_FILE?: string;

  /** PEM CA that signed the Temporal frontend's certificate (a private CA). */
  @IsOptional()
  @IsString()
  TEMPORAL_TLS_CA_FILE?: string;

  /** Name the frontend's certificate is checked against, when it differs from TEMPORAL_ADDRESS's host. */
  @IsOptional()
  @IsString()
  TEMPORAL_TLS_SERVER_NAME?: string;

  /** API key sent as a bearer token (Temporal Cloud style); implies TLS. */
  @IsOptional()
  @IsString()
  TEMPORAL_API_KEY?: string;

  /** postgres://user:password@host:port/database. Unset under `npm start`: an embedded PostgreSQL is started. */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL?: string;

  // The read model's connection in parts, instead of DATABASE_URL: nothing to URL-encode, the password may come
  // from a file (a secret).

  @ValidateIf((c: AppConfig) => c.DATABASE_URL === undefined && hasDatabaseParts(c))
  @IsString({ message: 'DATABASE_HOST must be set with DATABASE_USER, DATABASE_NAME and a password' })
  @IsNotEmpty()
  DATABASE_HOST?: string;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(65535)
  DATABASE_PORT = 5432;

  @ValidateIf((c: AppConfig) => c.DATABASE_HOST !== undefined)
  @IsString({ message: 'DATABASE_USER must be set with DATABASE_HOST' })
  DATABASE_USER?: string;

  @ValidateIf((c: AppConfig) => c.DATABASE_HOST !== undefined && c.DATABASE_PASSWORD_FILE === undefined)
  @IsString({ message: 'DATABASE_PASSWORD or DATABASE_PASSWORD_FILE must be set with DATABASE_HOST' })
  DATABASE_PASSWORD?: string;

  /** A file holding the password (a Docker or Kubernetes secret); one trailing newline is ignored. */
  @IsOptional()
  @IsString()
  DATABASE_PASSWORD_FILE?: string;

  @ValidateIf((c: AppConfig) => c.DATABASE_HOST !== undefined)
  @IsString({ message: 'DATABASE_NAME must be set with DATABASE_HOST' })
  DATABASE_NAME?: string;

  /** PEM CA of the PostgreSQL server's certificate: turns on TLS, verifying the certificate and host name. */
  @IsOptional()
  @IsString()
  DATABASE_SSL_CA_FILE?: string;

  /**
   * How long the API waits at start for the read model's schema to reach the latest migration this build knows
   * (a worker migrates it), before it gives up.
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(3600)
  READ_MODEL_WAIT_SECONDS = 120;

  /** Run pending read-model migrations at boot, under an advisory lock (the workers do; APIs need not). */
  @Transform(toBoolean)
  @IsBoolean()
  DATABASE_MIGRATE = true;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsString()
  @IsNotEmpty()
  HOST = '127.0.0.1';

  // --- What the API takes from callers (see README "Security").

  /** The largest request body a JSON route accepts, in bytes (413 beyond). */
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  @Max(64 * 1024 * 1024)
  MAX_BODY_BYTES = 1024 * 1024;

  /** Origins (scheme://host[:port], comma-separated) whose pages may call the API from a browser; unset: none. */
  @IsOptional()
  @Matches(/^https?:\/\/[^\s,/]+(,https?:\/\/[^\s,/]+)*$/, {
    message: 'CORS_ORIGINS must be origins, comma-separated (https://console.example.org)',
  })
  CORS_ORIGINS?: string;

  /**
   * The origin people reach the API and its console at (scheme://host[:port]), behind a proxy or TLS; unset: the
   * API's own address. The console's sign-in redirect and sign-out return are made on it.
   */
  @IsOptional()
  @Matches(/^https?:\/\/[^\s,/]+$/, { message: 'CONSOLE_ORIGIN must be one origin (https://mandates.example.org)' })
  CONSOLE_ORIGIN?: string;

  /** Requests a client (by address) may make per minute, all routes together; 0: no ceiling. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  RATE_LIMIT_PER_MINUTE = 600;

  /** Requests a client may make per minute to the expensive routes (exports, audit verify and replay); 0: none. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  RATE_LIMIT_EXPENSIVE_PER_MINUTE = 10;

  /**
   * Which proxies in front of the API to believe about the client's address (X-Forwarded-For), as Express's
   * `trust proxy`: a hop count, or addresses/subnets comma-separated. Unset: none (the address is the peer's).
   */
  @IsOptional()
  @Matches(/^(\d{1,2}|[0-9A-Fa-f:./]+(,[0-9A-Fa-f:./]+)*|loopback|uniquelocal|linklocal)$/, {
    message: 'TRUST_PROXY must be a hop count, addresses or subnets (10.0.0.0/8), or loopback',
  })
  TRUST_PROXY?: string;

  /** Where `npm start` keeps the embedded servers' data (the Temporal dev server's SQLite file, PostgreSQL). */
  @IsString()
  @IsNotEmpty()
  DATA_DIR = '.data';

  /** Path of a Temporal CLI binary to run the embedded dev server with; see scripts/ensure-temporal-cli.sh. */
  @IsOptional()
  @IsString()
  TEMPORAL_CLI?: string;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(65535)
  EMBEDDED_TEMPORAL_PORT = 7233;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(65535)
  EMBEDDED_TEMPORAL_UI_PORT = 8233;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(65535)
  EMBEDDED_POSTGRES_PORT = 5433;

  @IsIn(['error', 'warn', 'log', 'debug', 'verbose'])
  LOG_LEVEL = 'log';

  /** `json`: one JSON object a line; `pretty`: for a person. Unset: pretty on a terminal, JSON otherwise. */
  @IsOptional()
  @IsIn(['json', 'pretty'], { message: 'LOG_FORMAT must be json or pretty' })
  LOG_FORMAT?: 'json' | 'pretty';

  /**
   * Port of this process's Prometheus endpoint (GET /metrics), a listener apart from the API's. Unset: none (under
   * `npm start`: 9464). 0: any free port, logged.
   */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  METRICS_PORT?: number;

  @IsString()
  @IsNotEmpty()
  METRICS_HOST = '127.0.0.1';

  /**
   * The mandates' search attributes (MandateStatus, …): `auto` keeps them up to date on new mandates when the
   * namespace declares them (checked at start; a warning names what is missing), `on` requires them (the API stops
   * if they are missing), `off` never sets them. `npm start`, the compose stack and the tests declare them.
   */
  @IsIn(['auto', 'on', 'off'], { message: 'TEMPORAL_SEARCH_ATTRIBUTES must be auto, on or off' })
  TEMPORAL_SEARCH_ATTRIBUTES: 'auto' | 'on' | 'off' = 'auto';

  /**
   * The legacy-query guard (workflows/interceptors.ts), which keeps a query that reaches a worker while a workflow
   * task waits from leaving a history that cannot replay. Turn it off only to reproduce that defect in a drill.
   */
  @Transform(toBoolean)
  @IsBoolean()
  WORKER_LEGACY_QUERY_GUARD = true;

  /**
   * How many mandate workflows the worker keeps in memory between their tasks (Temporal's sticky cache); a mandate
   * out of it replays its history at its next task. 0: every task replays. The default keeps a worker with 10,000
   * open mandates within 512 MiB (about 400 MiB; 1,000 cached took it to about 530 MiB: bench/RESULTS.md); the
   * SDK's own default grows with the heap limit instead.
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  WORKER_MAX_CACHED_WORKFLOWS = 500;

  /** Workflow tasks a worker runs at once (the SDK's `maxConcurrentWorkflowTaskExecutions`). Unset: its 40. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(2)
  @Max(10_000)
  WORKER_MAX_CONCURRENT_WORKFLOW_TASKS?: number;

  /** Activities (projections, deliveries, archiving) a worker runs at once. Unset: the SDK's 100. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(10_000)
  WORKER_MAX_CONCURRENT_ACTIVITIES?: number;

  /**
   * Seconds between two sweeps that archive closed mandate runs (also once at the worker's start). Keep it well
   * below the namespace's retention period.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(86_400)
  RUN_ARCHIVE_SWEEP_SECONDS = 600;

  /** The largest file `POST /imports` takes, in bytes (it is spooled to a temporary file, not held in memory). */
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  IMPORT_MAX_BYTES = 256 * 1024 * 1024;

  // --- Deadlines and notifications. The policy is fixed for a mandate when it is registered.

  /** Reminders to the responsible officer, days before each due date. */
  @Matches(/^\d{1,3}(,\d{1,3})*$/, { message: 'REMINDER_DAYS_BEFORE must be days, comma-separated (30,7,1)' })
  REMINDER_DAYS_BEFORE = '30,7,1';

  /** Escalations once overdue: days after the due date and who is told. */
  @Matches(/^\d{1,3}:(officer|dependency_head|secretary)(,\d{1,3}:(officer|dependency_head|secretary))*$/, {
    message: 'ESCALATION_LADDER must be days:role pairs (0:officer,7:dependency_head,30:secretary)',
  })
  ESCALATION_LADDER = '0:officer,7:dependency_head,30:secretary';

  /** Time of day (UTC) at which the notifications of a day go out. */
  @Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'NOTIFICATION_TIME_UTC must be HH:MM (00:00 to 23:59)' })
  NOTIFICATION_TIME_UTC = '13:00';

  /** smtp://user:pass@host:port or smtps://…; unset: no e-mail is sent (webhooks may still be). */
  @IsOptional()
  @Matches(/^smtps?:\/\/\S+$/, { message: 'SMTP_URL must be an smtp:// or smtps:// URL' })
  SMTP_URL?: string;

  @IsString()
  @IsNotEmpty()
  MAIL_FROM = 'mandate-tracker@localhost';

  /** Where every notification is also posted, signed with WEBHOOK_SECRET. */
  @IsOptional()
  @Matches(/^https?:\/\/\S+$/, { message: 'WEBHOOK_URL must be an http(s) URL' })
  WEBHOOK_URL?: string;

  @ValidateIf((c: AppConfig) => c.WEBHOOK_URL !== undefined)
  @IsString()
  @MinLength(16, { message: 'WEBHOOK_SECRET must be at least 16 characters when WEBHOOK_URL is set' })
  WEBHOOK_SECRET?: string;

  /** JSON object from dependency name to its head's e-mail address, for escalations. */
  @IsOptional()
  @IsJSON({ message: 'DEPENDENCY_HEADS must be a JSON object {"dependency": "head@example.org"}' })
  DEPENDENCY_HEADS?: string;

  /** PKCS#8 PEM file of the Ed25519 key that signs audit exports. `npm start` creates one in DATA_DIR. */
  @IsOptional()
  @IsString()
  AUDIT_SIGNING_KEY_FILE?: string;

  // --- Sign-in: OAuth 2.0 bearer access tokens (JWT) from an OpenID Connect issuer. See src/auth/.

  /**
   * The issuer: discovery and keys from `<issuer>/.well-known/openid-configuration`; tokens' `iss` must equal it.
   * Unset under `npm start`: the embedded provider (src/identity-provider) is started and used.
   */
  @IsOptional()
  @Matches(/^https?:\/\/[^\s/?#]+[^\s?#]*$/, { message: 'OIDC_ISSUER_URL must be an http(s) URL' })
  OIDC_ISSUER_URL?: string;

  /** The `aud` every access token must carry (the API's identifier at the provider). */
  @IsString()
  @IsNotEmpty()
  OIDC_AUDIENCE = 'urn:mandate-tracker:api';

  /** Where to fetch the keys when not from discovery (an issuer reached under another name, as in compose). */
  @IsOptional()
  @Matches(/^https?:\/\/\S+$/, { message: 'OIDC_JWKS_URL must be an http(s) URL' })
  OIDC_JWKS_URL?: string;

  /** Signature algorithms accepted: asymmetric only (never `none`, never HS* with a public key). */
  @Matches(/^((RS|PS|ES)(256|384|512)|EdDSA)(,((RS|PS|ES)(256|384|512)|EdDSA))*$/, {
    message: 'OIDC_ALGORITHMS must be asymmetric JWS algorithms, comma-separated (RS256,PS256,ES256,EdDSA)',
  })
  OIDC_ALGORITHMS = 'RS256,PS256,ES256,EdDSA';

  /** Clock skew allowed on `exp`, `nbf` and `iat`. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(300)
  OIDC_CLOCK_TOLERANCE_SECONDS = 30;

  /** After fetching the keys, how long an unknown `kid` waits before they are fetched again (key rotation). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(3600)
  OIDC_JWKS_COOLDOWN_SECONDS = 30;

  /** Dotted paths of the claims carrying the roles, the dependency code and the display name. */
  @Matches(CLAIM_PATH, { message: 'OIDC_ROLES_CLAIM must be a claim name or dotted path (realm_access.roles)' })
  OIDC_ROLES_CLAIM = 'roles';

  @Matches(CLAIM_PATH, { message: 'OIDC_DEPENDENCY_CLAIM must be a claim name or dotted path' })
  OIDC_DEPENDENCY_CLAIM = 'dependency';

  @Matches(CLAIM_PATH, { message: 'OIDC_NAME_CLAIM must be a claim name or dotted path' })
  OIDC_NAME_CLAIM = 'name';

  /** Role names in tokens for each role of the application: `secretariat=Mandates.Secretariat,officer=a|b`. */
  @IsOptional()
  @Matches(ROLE_MAP, {
    message:
      'OIDC_ROLE_MAP must be role=name pairs, comma-separated, names joined by | (secretariat=Mandates.Secretariat)',
  })
  OIDC_ROLE_MAP?: string;

  /** The public client Swagger UI (and the console) sign in with: authorization code and PKCE. */
  @IsString()
  @IsNotEmpty()
  OIDC_CONSOLE_CLIENT_ID = 'mandate-console';

  /** Port of the embedded OpenID provider under `npm start`. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(65535)
  EMBEDDED_OIDC_PORT = 3900;
  /** Folder of retired signing keys' public halves (`*.pem`): exports they signed keep verifying. */
  @IsOptional()
  @IsString()
  AUDIT_RETIRED_PUBLIC_KEYS_DIR?: string;

  /** Worker threads that run audit replays and verifications, off the request thread. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(64)
  AUDIT_REPLAY_THREADS = 2;

  /** Audit requests that may wait for a thread; one more is answered 503 with Retry-After. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(1000)
  AUDIT_REPLAY_QUEUE = 4;

  /** The largest body POST /audit/verify and /audit/replay accept, in bytes (413 beyond). */
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  @Max(1024 * 1024 * 1024)
  AUDIT_MAX_BODY_BYTES = 32 * 1024 * 1024;

  /** The Secretary for Multidimensional Security's address, for the last escalation step. */
  @IsOptional()
  @IsEmail({}, { message: 'SECRETARY_EMAIL must be an e-mail address' })
  SECRETARY_EMAIL?: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** A rejected value as shown in the error, without a password or secret it may carry. */
function redact(property: string, value: unknown): string {
  if (/SECRET|PASSWORD$|API_KEY/.test(property)) return '"***"';
  const text = JSON.stringify(value) ?? String(value);
  return text.replace(/\/\/[^/@\s]*@/, '//***@');
}

const FILE_SETTINGS = [
  'AUDIT_SIGNING_KEY_FILE',
  'DATABASE_PASSWORD_FILE',
  'DATABASE_SSL_CA_FILE',
  'TEMPORAL_TLS_CERT_FILE',
  'TEMPORAL_TLS_KEY_FILE',
  'TEMPORAL_TLS_CA_FILE',
] as const;

/** Rules across variables, and the files they name (read now, so that a missing secret stops the boot). */
function crossCheck(config: AppConfig): string[] {
  const problems: string[] = [];
  if (config.DATABASE_URL !== undefined && hasDatabaseParts(config)) {
    problems.push('DATABASE_URL: set either DATABASE_URL or DATABASE_HOST and its parts, not both');
  }
  if (config.DATABASE_PASSWORD !== undefined && config.DATABASE_PASSWORD_FILE !== undefined) {
    problems.push('DATABASE_PASSWORD_FILE: set either DATABASE_PASSWORD or DATABASE_PASSWORD_FILE, not both');
  }
  if (config.DATABASE_SSL_CA_FILE !== undefined && /[?&]ssl(mode|rootcert)=/.test(config.DATABASE_URL ?? '')) {
    problems.push('DATABASE_SSL_CA_FILE: DATABASE_URL already sets sslmode or sslrootcert; use one or the other');
  }
  if (config.TEMPORAL_TLS === false && temporalTlsImplied(config)) {
    problems.push('TEMPORAL_TLS=false: TEMPORAL_TLS_* files or TEMPORAL_API_KEY need TLS');
  }
  for (const name of FILE_SETTINGS) {
    const path = config[name];
    if (path === undefined) continue;
    try {
      if (readFileSync(path, 'utf8').trim() === '') problems.push(`${name}=${JSON.stringify(path)}: the file is empty`);
    } catch (err) {
      problems.push(`${name}=${JSON.stringify(path)}: cannot read it (${(err as NodeJS.ErrnoException).code})`);
    }
  }
  return problems;
}

/** Any setting that only makes sense over TLS. */
export function temporalTlsImplied(config: AppConfig): boolean {
  return [
    config.TEMPORAL_TLS_CERT_FILE,
    config.TEMPORAL_TLS_CA_FILE,
    config.TEMPORAL_TLS_SERVER_NAME,
    config.TEMPORAL_API_KEY,
  ].some((v) => v !== undefined);
}

/** The read model is configured: a URL or its parts (else `npm start` embeds a PostgreSQL). */
export function databaseConfigured(config: AppConfig): boolean {
  return config.DATABASE_URL !== undefined || config.DATABASE_HOST !== undefined;
}

/** Reads and validates the configuration; throws a ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  // Empty variables count as unset; whitelist drops everything that is not a property of AppConfig.
  const set = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const config = plainToInstance(AppConfig, set);
  const errors = validateSync(config, { whitelist: true });
  const problems = errors.map(
    (e) => `${e.property}=${redact(e.property, e.value)}: ${Object.values(e.constraints ?? {}).join('; ')}`,
  );
  if (problems.length === 0) problems.push(...crossCheck(config));
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
