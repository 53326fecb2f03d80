import { Logger } from '@nestjs/common';
import { type AppConfig, ConfigError, loadConfig } from './config/app-config';
import { configureLogging, PinoNestLogger } from './observability/logging';

/**
 * Reads the configuration once and runs a process's main; a bad variable stops it with a message naming it. Every
 * log line from then on, Nest's included, is pino's (src/observability/logging.ts).
 */
export function runMain(main: (config: AppConfig) => Promise<void>): void {
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  configureLogging(config);
  Logger.overrideLogger(new PinoNestLogger());
  const logger = new Logger('Bootstrap');
  main(config).catch((err: unknown) => {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    logger.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
    process.exit(1);
  });
}
