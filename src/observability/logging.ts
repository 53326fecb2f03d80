import type { LoggerService } from '@nestjs/common';
import { isSpanContextValid, trace } from '@opentelemetry/api';
import type { LogLevel as TemporalLogLevel, LogMetadata, Logger as TemporalLogger } from '@temporalio/worker';
import { AsyncLocalStorage } from 'node:async_hooks';
import pino, { type DestinationStream, type Level, type Logger } from 'pino';

/** LOG_LEVEL keeps Nest's names; the JSON lines carry pino's. */
const PINO_LEVELS: Record<string, Level> = {
  error: 'error',
  warn: 'warn',
  log: 'info',
  debug: 'debug',
  verbose: 'trace',
};

export interface LoggingSettings {
  LOG_LEVEL: string;
  /** Unset: pretty lines on a terminal, JSON otherwise. */
  LOG_FORMAT?: 'json' | 'pretty';
}

/** What ties the log lines of one HTTP request together (./http-observability.ts). */
export interface RequestScope {
  requestId: string;
  logger: Logger;
}

export const requestScope = new AsyncLocalStorage<RequestScope>();

export function currentRequestId(): string | undefined {
  return requestScope.getStore()?.requestId;
}

function destination(settings: LoggingSettings): DestinationStream {
  const pretty = settings.LOG_FORMAT === 'pretty' || (settings.LOG_FORMAT === undefined && process.stdout.isTTY);
  if (!pretty) return pino.destination({ sync: true });
  // Loaded only for a person at a terminal; synchronous, so that nothing is lost when the process exits.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const pinoPretty = require('pino-pretty') as typeof import('pino-pretty');
  return pinoPretty({
    colorize: true,
    ignore: 'pid,hostname,context',
    messageFormat: '{if context}[{context}] {end}{msg}',
    sync: true,
  });
}

let root: Logger | undefined;

/**
 * The process's one logger: a JSON line per entry on stdout (`time`, `level`, `msg`, `context` and the entry's
 * fields: `requestId`, `workflowId`, `activityType`, …). A line written while a span is active carries its
 * `trace_id` and `span_id`.
 */
export function configureLogging(settings: LoggingSettings, to: DestinationStream = destination(settings)): Logger {
  root = pino(
    {
      level: PINO_LEVELS[settings.LOG_LEVEL] ?? 'info',
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      base: undefined,
      mixin() {
        const span = trace.getActiveSpan()?.spanContext();
        return span && isSpanContextValid(span) ? { trace_id: span.traceId, span_id: span.spanId } : {};
      },
    },
    to,
  );
  return root;
}

export function rootLogger(): Logger {
  return root ?? configureLogging({ LOG_LEVEL: 'log', LOG_FORMAT: 'json' });
}

const STACK = /\n\s+at /;

/**
 * Nest's logger interface over pino (`logger.log(message, context)`, `logger.error(message, stack, context)`, an
 * Error or an object as the message). Inside a request it writes through the request's logger: its `requestId`.
 */
export class PinoNestLogger implements LoggerService {
  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }
  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }
  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }
  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  private write(level: Level, message: unknown, params: unknown[]): void {
    const logger = requestScope.getStore()?.logger ?? rootLogger();
    if (!logger.isLevelEnabled(level)) return;
    const fields: Record<string, unknown> = {};
    const rest = [...params];
    // Nest passes the context last.
    if (rest.length > 0 && typeof rest[rest.length - 1] === 'string') fields.context = rest.pop();
    if (typeof rest[0] === 'string' && STACK.test(rest[0])) fields.stack = rest.shift();
    if (message instanceof Error) logger[level]({ ...fields, err: message }, message.message);
    else if (typeof message === 'object' && message !== null) logger[level]({ ...fields, ...message });
    else logger[level](fields, String(message));
  }
}

const TEMPORAL_LEVELS: Record<TemporalLogLevel, Level> = {
  TRACE: 'trace',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
};

/**
 * The Temporal SDK's logger (the worker, workflows through their sink, activities, and sdk-core's forwarded lines)
 * over pino: the attributes the SDK and our interceptors attach (`workflowId`, `runId`, `activityType`,
 * `requestId`, `requestIds`, …) become fields.
 */
export class PinoTemporalLogger implements TemporalLogger {
  private readonly logger: Logger;

  constructor(logger: Logger = rootLogger()) {
    this.logger = logger.child({ context: 'Temporal' });
  }

  log(level: TemporalLogLevel, message: string, meta?: LogMetadata): void {
    const { error, ...fields } = meta ?? {};
    this.logger[TEMPORAL_LEVELS[level]](error === undefined ? fields : { ...fields, err: error }, message);
  }
  trace(message: string, meta?: LogMetadata): void {
    this.log('TRACE', message, meta);
  }
  debug(message: string, meta?: LogMetadata): void {
    this.log('DEBUG', message, meta);
  }
  info(message: string, meta?: LogMetadata): void {
    this.log('INFO', message, meta);
  }
  warn(message: string, meta?: LogMetadata): void {
    this.log('WARN', message, meta);
  }
  error(message: string, meta?: LogMetadata): void {
    this.log('ERROR', message, meta);
  }
}
