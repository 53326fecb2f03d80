import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
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
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads and validates the configuration; throws a ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  // Empty variables count as unset; whitelist drops everything that is not a property of AppConfig.
  const set = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const config = plainToInstance(AppConfig, set);
  const errors = validateSync(config, { whitelist: true });
  if (errors.length > 0) {
    throw new ConfigError(
      errors.map((e) => `${e.property}=${JSON.stringify(e.value)}: ${Object.values(e.constraints ?? {}).join('; ')}`),
    );
  }
  return config;
}
