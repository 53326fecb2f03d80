/** A request that cannot be served now but may be retried as it is (HTTP 503 with Retry-After). */
export class TemporarilyUnavailable extends Error {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
    this.name = 'TemporarilyUnavailable';
  }
}
