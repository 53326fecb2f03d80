/**
 * Where a mandate comes from: the symbols of resolutions and declarations, the session and year a symbol names,
 * the paragraph a mandate sits in, and the mandate id derived from them. Pure code: no clock, no I/O.
 */
import type { Registration, ResolutionBody } from './lifecycle';

/**
 * Each body's symbols, as patterns the OpenAPI document also states: `AG/RES. 2998 (LIII-O/23)`,
 * `AG/DEC. 81 (XLVI-O/16)`, special sessions ending in `-E/yy`; `CP/RES. 1234 (2345/23)`, `CP/DEC. 58 (2150/18)`.
 * Groups: the session or Council meeting (`LIII-O/23`, `2345/23`) and its two-digit year.
 */
export const RESOLUTION_SYMBOL_PATTERNS: Record<ResolutionBody, string> = {
  GENERAL_ASSEMBLY: '^AG/(?:RES|DEC)\\. [0-9]{1,5} \\(([IVXLCDM]+-[OE]/([0-9]{2}))\\)(?: (?:rev|corr)\\. [0-9]{1,2})*$',
  PERMANENT_COUNCIL: '^CP/(?:RES|DEC)\\. [0-9]{1,5} \\(([0-9]{1,5}/([0-9]{2}))\\)(?: (?:rev|corr)\\. [0-9]{1,2})*$',
};
const GENERAL_ASSEMBLY_SYMBOL = new RegExp(RESOLUTION_SYMBOL_PATTERNS.GENERAL_ASSEMBLY);
const PERMANENT_COUNCIL_SYMBOL = new RegExp(RESOLUTION_SYMBOL_PATTERNS.PERMANENT_COUNCIL);

const SYMBOLS: Record<ResolutionBody, RegExp> = {
  GENERAL_ASSEMBLY: GENERAL_ASSEMBLY_SYMBOL,
  PERMANENT_COUNCIL: PERMANENT_COUNCIL_SYMBOL,
};

export function symbolMatchesBody(symbol: string, body: ResolutionBody): boolean {
  return SYMBOLS[body].test(symbol);
}

/** The body a well-formed symbol belongs to (AG: the General Assembly, CP: the Permanent Council). */
export function bodyOfSymbol(symbol: string): ResolutionBody | undefined {
  return (Object.keys(SYMBOLS) as ResolutionBody[]).find((body) => SYMBOLS[body].test(symbol));
}

function symbolParts(symbol: string): { session: string; yy: number } | undefined {
  const match = GENERAL_ASSEMBLY_SYMBOL.exec(symbol) ?? PERMANENT_COUNCIL_SYMBOL.exec(symbol);
  return match ? { session: match[1], yy: Number(match[2]) } : undefined;
}

/**
 * The session (`AG:XXXIX-O/09`) or Permanent Council meeting (`CP:1503/05`) that adopted the resolution: all its
 * resolutions share the session's dates (a Council meeting is one day; an Assembly session a few).
 */
export function sessionOfSymbol(symbol: string): string | undefined {
  const parts = symbolParts(symbol);
  return parts && `${symbol.slice(0, 2)}:${parts.session}`;
}

/** The symbol's two-digit year (`/yy`): the adoption year modulo 100. */
export function symbolYearDigits(symbol: string): number | undefined {
  return symbolParts(symbol)?.yy;
}

/**
 * The year the symbol names, in full. Resolutions since 1948: `/48`-`/99` are 1948-1999, `/00`-`/47` 2000-2047
 * (a date, when known, settles the century: see adoptionYearOf).
 */
export function symbolYear(symbol: string): number | undefined {
  const yy = symbolYearDigits(symbol);
  if (yy === undefined) return undefined;
  return yy >= 48 ? 1900 + yy : 2000 + yy;
}

/** The year the mandate was adopted: its date's, else the symbol's. */
export function adoptionYearOf(registration: Pick<Registration, 'adoptedOn' | 'resolutionSymbol'>): number {
  if (registration.adoptedOn) return Number(registration.adoptedOn.slice(0, 4));
  const year = symbolYear(registration.resolutionSymbol);
  if (year === undefined) throw new Error(`no year in symbol ${registration.resolutionSymbol}`);
  return year;
}

/** The earliest day the mandate can have been adopted: its date, else 1 January of the symbol's year. */
export function earliestAdoptionDay(registration: Pick<Registration, 'adoptedOn' | 'resolutionSymbol'>): string {
  return registration.adoptedOn ?? `${adoptionYearOf(registration)}-01-01`;
}

const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');

/**
 * The mandate id of a numbered paragraph, derived from its natural key (resolution symbol and operative paragraph),
 * so the same paragraph cannot be registered twice under two ids. Every registration made before sections and
 * unnumbered paragraphs existed has this id: it must never change.
 */
export function mandateIdFor(resolutionSymbol: string, paragraph: string): string {
  return `${slug(resolutionSymbol)}-p${slug(paragraph)}`;
}

/**
 * The mandate id of any registration: `<symbol>-p<paragraph>` (as always), `<symbol>-s-<section>-p<paragraph>` for
 * a paragraph of a section whose numbering restarts, `<symbol>-u<ordinal>` for an unnumbered paragraph.
 */
export function mandateIdOf(
  registration: Pick<Registration, 'resolutionSymbol' | 'paragraph' | 'section' | 'ordinal'>,
) {
  const { resolutionSymbol, paragraph, section, ordinal } = registration;
  if (paragraph === undefined) return `${slug(resolutionSymbol)}-u${ordinal ?? 0}`;
  if (section !== undefined) return `${slug(resolutionSymbol)}-s-${slug(section)}-p${slug(paragraph)}`;
  return mandateIdFor(resolutionSymbol, paragraph);
}

/** Where in the resolution the mandate sits, for people: `§ 3`, `MISPA § 1`, `unnumbered paragraph 2`. */
export function paragraphReference(
  registration: Pick<Registration, 'paragraph' | 'section' | 'ordinal' | 'paragraphLabel'>,
): string {
  const { paragraph, section, ordinal } = registration;
  if (paragraph === undefined) return `unnumbered paragraph ${ordinal ?? '?'}`;
  return section === undefined ? `§ ${paragraph}` : `${section} § ${paragraph}`;
}

/** How a source writes a paragraph, read into the register's fields. */
export interface ParagraphReading {
  paragraph: string;
  section?: string;
  /** The source's wording, kept when it says more than the paragraph number. */
  paragraphLabel?: string;
}

const NUMBER = String.raw`\d{1,3}(?:\.[a-z0-9]{1,6})*`;
const SINGLE = new RegExp(`^(?:§\\s*)?(${NUMBER})\\.?$`, 'i');
/** `4 and 5`, `4-5`, `4 to 5`, `4 y 5`: one mandate over consecutive paragraphs, keyed `4-5`. */
const RANGE = new RegExp(`^(?:§§?\\s*)?(\\d{1,3})\\s*(?:and|y|to|-|–|&)\\s*(\\d{1,3})$`, 'i');
/** `1 (MISPA section; numbering restarts in each section)`, `1 (MISPA section)`. */
const IN_SECTION = new RegExp(`^(${NUMBER})\\s*\\(\\s*([^;()]{1,60}?)\\s+section\\b[^()]*\\)$`, 'i');

/**
 * Reads a paragraph as sources write it: `3`, `12.b`, `§ 3`; `4 and 5` (consecutive paragraphs: one mandate,
 * paragraph `4-5`); `1 (MISPA section; numbering restarts in each section)` (section `MISPA`, paragraph `1`).
 * The source's wording is kept verbatim in paragraphLabel whenever it is not the paragraph itself. Anything else
 * is not guessed: undefined.
 */
export function readParagraph(text: string): ParagraphReading | undefined {
  const label = text.trim();
  const single = SINGLE.exec(label);
  if (single) return single[1] === label ? { paragraph: label } : { paragraph: single[1], paragraphLabel: label };
  const range = RANGE.exec(label);
  if (range && Number(range[2]) > Number(range[1])) {
    const paragraph = `${range[1]}-${range[2]}`;
    return paragraph === label ? { paragraph } : { paragraph, paragraphLabel: label };
  }
  const inSection = IN_SECTION.exec(label);
  if (inSection) return { paragraph: inSection[1], section: inSection[2].trim(), paragraphLabel: label };
  return undefined;
}
