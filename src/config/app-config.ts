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
import { MANDATE_TASK_QUEUE } from '../../workflows/mandate/contract';

const toBoolean = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? ['1', 'true', 'yes'].includes(value.toLowerCase()) : value;
const toInt = ({ value }: { value: unknown }) => (typeof value === 'string' && value !== '' ? Number(value) : value);

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

  /** postgres://user:password@host:port/database. Unset under `npm start`: an embedded PostgreSQL is started. */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL?: string;

  /** Run pending read-model migrations at boot. Let one process do it when several share a database. */
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

  /**
   * How many mandate workflows the worker keeps in memory between their tasks (Temporal's sticky cache). 0: every
   * task replays the mandate's history from the start. Unset: the SDK's default, sized from the process memory.
   */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  WORKER_MAX_CACHED_WORKFLOWS?: number;

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
function redact(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.replace(/\/\/[^/@\s]*@/, '//***@');
}

/** Reads and validates the configuration; throws a ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  // Empty variables count as unset; whitelist drops everything that is not a property of AppConfig.
  const set = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const config = plainToInstance(AppConfig, set);
  const errors = validateSync(config, { whitelist: true });
  if (errors.length > 0) {
    throw new ConfigError(
      errors.map(
        (e) =>
          `${e.property}=${e.property.includes('SECRET') ? '"***"' : redact(e.value)}: ${Object.values(e.constraints ?? {}).join('; ')}`,
      ),
    );
  }
  return config;
}
