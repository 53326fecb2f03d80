/**
 * What a well-formed field is, once for every caller: the workflow's update validators (any Temporal client may
 * send an update), the decider, and the API's DTOs, which wrap these same checks. Each check returns the problem
 * as a sentence about `$field`, or undefined when the value is fine. Pure code: no clock, no I/O.
 */

/** Longest text each field takes, in characters (the read model's columns are sized from these). */
export const MAX_LENGTH = {
  resolutionSymbol: 100,
  paragraph: 60,
  section: 60,
  paragraphLabel: 120,
  title: 300,
  text: 10_000,
  area: 200,
  reportingRequirement: 2_000,
  dependency: 200,
  officer: 200,
  email: 200,
  reason: 2_000,
  followUpSummary: 5_000,
  reportSummary: 10_000,
  comments: 5_000,
  url: 2_000,
  mandateId: 200,
  finalReportReference: 300,
  responsible: 300,
  sourceDocument: 300,
  sourceNote: 2_000,
  actor: 200,
  actorName: 200,
  requestId: 200,
} as const;

/** The earliest date any field may carry (the OAS Charter was signed in 1948) and the latest one. */
export const EARLIEST_DATE = '1948-01-01';
export const LATEST_DATE = '2099-12-31';
/** How far ahead of today a due date, an extension or a session may be set. */
export const MAX_YEARS_AHEAD = 10;

export type Problem = string | undefined;

/**
 * Characters no text field stores: C0 controls but tab and line feed (a CR only as part of CRLF), DEL, C1
 * controls, and lone surrogates (which PostgreSQL and JSON cannot keep).
 */
const UNSTORABLE =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]|\r(?!\n)|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const LINE_BREAK = /[\r\n\u2028\u2029]/;

export function isStorableText(value: string): boolean {
  return !UNSTORABLE.test(value);
}

/** Characters, as PostgreSQL and JSON Schema count them: an emoji (a surrogate pair) is one. */
export function characterCount(value: string): number {
  return Array.from(value).length; // by code point
}

/** Text with something in it, at most `max` characters; `multiline` allows line breaks. */
export function textProblem(value: unknown, max: number, multiline = true): Problem {
  if (typeof value !== 'string') return '$field must be a string';
  if (value.trim() === '') return '$field must not be empty';
  if (characterCount(value) > max) return `$field must be at most ${max} characters`;
  if (!isStorableText(value)) return '$field must not contain control characters';
  if (!multiline && LINE_BREAK.test(value)) return '$field must be one line';
  return undefined;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A real calendar date, YYYY-MM-DD, between 1948 and 2099. */
export function dateProblem(value: unknown): Problem {
  if (typeof value !== 'string' || !ISO_DATE.test(value)) return '$field must be a date in the form YYYY-MM-DD';
  // Date.parse rolls 2023-02-29 over to 1 March: a real calendar date formats back to itself.
  const parsed = new Date(`${value}T00:00:00Z`);
  if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== value) {
    return '$field must be a valid calendar date';
  }
  if (value < EARLIEST_DATE || value > LATEST_DATE) {
    return `$field must be between ${EARLIEST_DATE} and ${LATEST_DATE}`;
  }
  return undefined;
}

/** The latest date a due date may be set to, `MAX_YEARS_AHEAD` years after `today` (YYYY-MM-DD). */
export function latestDueDate(today: string): string {
  return `${Number(today.slice(0, 4)) + MAX_YEARS_AHEAD}${today.slice(4)}`;
}

export function oneOfProblem(value: unknown, values: readonly string[]): Problem {
  return typeof value === 'string' && values.includes(value)
    ? undefined
    : `$field must be one of: ${values.join(', ')}`;
}

/** An http(s) URL with a host, no spaces or control characters, at most MAX_LENGTH.url characters. */
export function urlProblem(value: unknown): Problem {
  if (typeof value !== 'string' || value.length > MAX_LENGTH.url || !/^https?:\/\/[^\s/?#]+[^\s]*$/i.test(value)) {
    return `$field must be an http(s) URL of at most ${MAX_LENGTH.url} characters`;
  }
  if (!isStorableText(value)) return '$field must not contain control characters';
  return undefined;
}

/** An e-mail address: a local part and a domain with a dot, nothing a mail header could be injected with. */
export const EMAIL_PATTERN =
  "^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$";
const EMAIL = new RegExp(EMAIL_PATTERN);

export function emailProblem(value: unknown): Problem {
  if (typeof value !== 'string' || value.length > MAX_LENGTH.email || !EMAIL.test(value)) {
    return '$field must be an e-mail address';
  }
  return undefined;
}

export function integerProblem(value: unknown, min: number, max: number): Problem {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max
    ? undefined
    : `$field must be a whole number from ${min} to ${max}`;
}

/** Mandate ids are slugs derived from the resolution symbol and paragraph (see mandateIdFor). */
export const MANDATE_ID_PATTERN = '^[a-z0-9]+(-[a-z0-9]+)*$';
const MANDATE_ID = new RegExp(MANDATE_ID_PATTERN);

export function mandateIdProblem(value: unknown): Problem {
  return typeof value === 'string' && value.length <= MAX_LENGTH.mandateId && MANDATE_ID.test(value)
    ? undefined
    : '$field must be a mandate id (lowercase letters, digits and single hyphens)';
}

/** A dependency's stable identifier: an acronym-like code (DPS, CICAD, SMS-DPS). */
const DEPENDENCY_ID = /^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*$/;

export function dependencyIdProblem(value: unknown): Problem {
  return typeof value === 'string' && value.length <= 40 && DEPENDENCY_ID.test(value)
    ? undefined
    : '$field must be a dependency code: capital letters and digits, joined by hyphens (DPS, SMS-DPS)';
}

/** Who issued a command: a subject identifier (visible ASCII, as identity providers issue them). */
const ACTOR = /^[\x21-\x7E]+$/;
/** The request id that makes a retried request apply once (the Idempotency-Key). */
export const REQUEST_ID = /^[\w.:-]{1,200}$/;
const DIGEST = /^[0-9a-f]{64}$/;
const ROLE = /^[a-z][a-z0-9_]{0,39}$/;

export function actorProblem(value: unknown): Problem {
  return typeof value === 'string' && value.length <= MAX_LENGTH.actor && ACTOR.test(value)
    ? undefined
    : `$field must name who issues the command (1 to ${MAX_LENGTH.actor} visible ASCII characters)`;
}

export function requestIdProblem(value: unknown): Problem {
  return typeof value === 'string' && REQUEST_ID.test(value)
    ? undefined
    : '$field must be 1 to 200 of letters, digits and . _ : -';
}

export function digestProblem(value: unknown): Problem {
  return typeof value === 'string' && DIGEST.test(value) ? undefined : '$field must be a hex SHA-256 digest';
}

export function roleProblem(value: unknown): Problem {
  return typeof value === 'string' && ROLE.test(value) ? undefined : '$field must be a role name';
}

// ---------------------------------------------------------------------------------------------------------------
// The same rules as JSON Schema patterns (ECMA-262 syntax that Python's `re` reads alike: no \w, \d or flags),
// for the OpenAPI document: a client generating requests from it sends what these checks accept. fields.spec.ts
// holds each pattern to its check.

/** Characters no text stores (see UNSTORABLE); CR is handled apart, allowed only before LF. */
const CONTROL = '\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F';
/** What String.prototype.trim() removes, and controls: a text needs one character outside these. */
const BLANK_OR_CONTROL =
  '\\u0000-\\u0020\\u007F-\\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000\\uFEFF';
const VISIBLE = `[^${BLANK_OR_CONTROL}]`;

/** textProblem as a pattern (length apart: maxLength says it): storable characters, one of them visible. */
export function textPattern(multiline: boolean): string {
  const character = multiline ? `(?:[^${CONTROL}\\r]|\\r\\n)` : `[^${CONTROL}\\n\\r\\u2028\\u2029]`;
  return `^${character}*${VISIBLE}${character}*$`;
}

/** Characters a URL never carries: JavaScript's whitespace and controls. */
const URL_EXCLUDED = '\\u0000-\\u0020\\u007F-\\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000\\uFEFF';

/** urlProblem as a pattern. */
export const URL_PATTERN = `^[Hh][Tt][Tt][Pp][Ss]?://[^${URL_EXCLUDED}/?#]+[^${URL_EXCLUDED}]*$`;

/** A YYYY-MM-DD date whose year is from `fromYear` to `toYear` (format: date rules out 30 February). */
export function datePattern(fromYear: number, toYear: number): string {
  const decades = new Map<string, [number, number]>();
  for (let year = fromYear; year <= toYear; year++) {
    const decade = String(year).slice(0, 3);
    const digit = year % 10;
    const [low] = decades.get(decade) ?? [digit];
    decades.set(decade, [low, digit]);
  }
  const years = [...decades].map(([decade, [low, high]]) => `${decade}[${low}-${high}]`).join('|');
  return `^(?:${years})-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])$`;
}
