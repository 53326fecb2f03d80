/**
 * Errors a feature raises that the one error filter (./domain-exception.filter.ts) answers by kind, so that it
 * needs to know no feature: a feature's own error extends one of these.
 */

/** Something the request names does not exist (or is not the caller's to see): a 404. */
export abstract class NotFoundError extends Error {}

/** A record that cannot be served whole: answered with a 500 that says so under `error`, never with a gap. */
export abstract class UnservableRecordError extends Error {
  abstract readonly title: string;
}
