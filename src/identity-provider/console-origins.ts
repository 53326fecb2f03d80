import type { AppConfig } from '../config/app-config';

/** The API's own origins, whose Swagger UI and console sign in: CONSOLE_ORIGIN, else where the API listens. */
export function consoleOrigins(config: AppConfig): string[] {
  if (config.CONSOLE_ORIGIN) return [config.CONSOLE_ORIGIN];
  const hosts = ['0.0.0.0', '::', '127.0.0.1', 'localhost'].includes(config.HOST)
    ? ['127.0.0.1', 'localhost']
    : [config.HOST];
  return hosts.map((host) => `http://${host}:${config.PORT}`);
}
