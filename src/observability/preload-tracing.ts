// Imported first by every main: the OpenTelemetry SDK must start before `http` is loaded (see ./tracing.ts).
import { basename } from 'node:path';
import { startTracing } from './tracing';

const SERVICES: Record<string, string> = {
  'main.js': 'mandate-tracker',
  'api.main.js': 'mandate-tracker-api',
  'worker.main.js': 'mandate-tracker-worker',
};

startTracing(SERVICES[basename(process.argv[1] ?? '')] ?? 'mandate-tracker');
