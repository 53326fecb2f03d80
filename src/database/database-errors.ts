/** Network errors of a connection that could not be made or was lost. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
]);

/** SQLSTATEs of a server that is shutting down, starting, or full: the same query may succeed later. */
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);

/** What node-postgres says when its connection ends or cannot be had in time (it gives no code for these). */
const LOST_CONNECTION =
  /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error)/;

/**
 * Whether an error says the read model's database cannot be reached now (a 503 the caller may retry), not that a
 * query was wrong. TypeORM wraps the driver's error (`driverError`); a host with several addresses fails with an
 * AggregateError of one error each.
 */
export function isDatabaseUnavailable(err: unknown, depth = 0): boolean {
  // Not `instanceof Error`: Node's network errors may come from another realm (a test runner's sandbox).
  if (typeof err !== 'object' || err === null || depth > 4) return false;
  const { code, message, cause, driverError, errors } = err as {
    code?: unknown;
    message?: unknown;
    cause?: unknown;
    driverError?: unknown;
    errors?: unknown;
  };
  if (
    typeof code === 'string' &&
    (NETWORK_CODES.has(code) || code.startsWith('08') || UNAVAILABLE_SQLSTATES.has(code))
  ) {
    return true;
  }
  if (typeof message === 'string' && LOST_CONNECTION.test(message)) return true;
  const inner: unknown[] = [driverError, cause, ...(Array.isArray(errors) ? (errors as unknown[]) : [])];
  return inner.some((e) => isDatabaseUnavailable(e, depth + 1));
}
