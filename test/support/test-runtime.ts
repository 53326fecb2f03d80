import { DefaultLogger, type LogEntry, Runtime } from '@temporalio/worker';

const printed = new Set<string>();
const warnings = new DefaultLogger('WARN');

/**
 * The SDK's log at WARN, with an activity's failure printed once per activity type and message: tests make
 * activities fail on purpose (a read model away for days of skipped time is retried thousands of times), and
 * each retry would otherwise print its stack.
 */
function printOnce(entry: LogEntry): void {
  if (entry.message === 'Activity failed') {
    const error = entry.meta?.error as { message?: unknown } | undefined;
    const key = `${String(entry.meta?.activityType)}: ${String(error?.message)}`;
    if (printed.has(key)) return;
    printed.add(key);
  }
  warnings.log(entry.level, entry.message, entry.meta);
}

try {
  Runtime.install({ logger: new DefaultLogger('WARN', printOnce) });
} catch {
  // Installed already in this process, by whoever came first.
}
