import { createHash, createPublicKey, type KeyObject, sign, verify } from 'node:crypto';
import { z } from 'zod';
import type { RecordedEvent } from '../../workflows/mandate/contract';
import { canonicalJson } from './canonical-json';
import { domainEventsOf, type HistoryJson } from './history-events';
import { fingerprintOf, type TrustedKey } from './signing-key';

export const EXPORT_FORMAT = 'mandate-tracker-export/2';
/** Signed over the manifest only, with an unsigned algorithm and the key carried in the file: not verified. */
export const RETIRED_EXPORT_FORMAT = 'mandate-tracker-export/1';
export const SIGNATURE_ALGORITHM = 'Ed25519';

/** What verification checks, in the verdict's own words. */
export const VERIFY_CHECKS =
  'integrity: every byte of the file is signed by a trusted key, each history matches its digest, the ' +
  'manifest events are those the histories hold, and the hash chain links them; not determinism (replay checks that)';

export type ExportedEvent = RecordedEvent & { runId: string; historyEventId: number };

const hex64 = z.string().regex(/^[0-9a-f]{64}$/, 'expected 64 hex digits');

/** The manifest's parts that every export format shares; replay cross-checks these. */
const manifestCore = {
  mandateId: z.string().min(1),
  runs: z.array(z.strictObject({ runId: z.string().min(1), historyEvents: z.number().int().min(0), sha256: hex64 })),
  // Each event is compared whole with the one the histories hold, so no field of it goes unchecked.
  events: z.array(z.looseObject({ sequence: z.number().int() })),
  chain: z.array(z.strictObject({ sequence: z.number().int(), hash: hex64 })),
  head: hex64,
};
const historySchema = z.looseObject({
  events: z.array(z.looseObject({ eventId: z.string(), eventType: z.string() })),
});

/** The whole /2 file: no field outside the format is accepted, so nothing unsigned can ride along. */
const exportSchema = z.strictObject({
  format: z.literal(EXPORT_FORMAT),
  manifest: z.strictObject({ ...manifestCore, workflowId: z.string().min(1), exportedAt: z.string() }),
  histories: z.array(historySchema),
  signature: z.strictObject({
    algorithm: z.string(),
    keyFingerprint: z.string(),
    publicKey: z.string(),
    value: z.string(),
  }),
});

/** Any export's histories and manifest core, for replay's cross-check. */
const anyExportSchema = z.looseObject({
  format: z.string(),
  manifest: z.looseObject(manifestCore),
  histories: z.array(historySchema),
});

export interface MandateExport {
  format: typeof EXPORT_FORMAT;
  manifest: {
    mandateId: string;
    workflowId: string;
    exportedAt: string;
    /** Each run's raw history, by digest (SHA-256 of its canonical JSON). */
    runs: { runId: string; historyEvents: number; sha256: string }[];
    events: ExportedEvent[];
    /** hash(n) = SHA-256(hash(n-1) + canonical JSON of event n); hash(0) = SHA-256("mandate-tracker:" + id). */
    chain: { sequence: number; hash: string }[];
    head: string;
  };
  /** The raw Temporal histories, oldest run first, as `temporal workflow show --output json` writes them. */
  histories: HistoryJson[];
  /** Over the canonical JSON of the whole file without `value`: every other byte is signed. */
  signature: { algorithm: typeof SIGNATURE_ALGORITHM; keyFingerprint: string; publicKey: string; value: string };
}

/** A file that cannot be checked at all (empty, not JSON, not an export, a format this code does not read). */
export class UnreadableAuditFile extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnreadableAuditFile';
  }
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export function hashChain(mandateId: string, events: readonly RecordedEvent[]): { sequence: number; hash: string }[] {
  let previous = sha256(`mandate-tracker:${mandateId}`);
  return events.map((event) => {
    previous = sha256(previous + canonicalJson(event));
    return { sequence: event.sequence, hash: previous };
  });
}

const chainHead = (mandateId: string, chain: { hash: string }[]) =>
  chain.length > 0 ? chain[chain.length - 1].hash : sha256(`mandate-tracker:${mandateId}`);

/** What the signature covers: the whole file but the signature's value. */
function signedText(file: Omit<MandateExport, 'signature'> & { signature: Omit<MandateExport['signature'], 'value'> }) {
  const { algorithm, keyFingerprint, publicKey } = file.signature;
  return Buffer.from(canonicalJson({ ...file, signature: { algorithm, keyFingerprint, publicKey } }));
}

/** The export file's exact text: canonical JSON, so that any change of a byte is a change of content. */
export function serializeExport(file: MandateExport): string {
  return canonicalJson(file) + '\n';
}

export function buildExport(
  mandateId: string,
  workflowId: string,
  runs: { runId: string; history: HistoryJson }[],
  signingKey: KeyObject,
  now: Date,
): MandateExport {
  const events = domainEventsOf(runs);
  const chain = hashChain(mandateId, events);
  const unsigned = {
    format: EXPORT_FORMAT,
    manifest: {
      mandateId,
      workflowId,
      exportedAt: now.toISOString(),
      runs: runs.map(({ runId, history }) => ({
        runId,
        historyEvents: history.events.length,
        sha256: sha256(canonicalJson(history)),
      })),
      events,
      chain,
      head: chainHead(mandateId, chain),
    },
    histories: runs.map((r) => r.history),
    signature: {
      algorithm: SIGNATURE_ALGORITHM,
      keyFingerprint: fingerprintOf(signingKey),
      publicKey: createPublicKey(signingKey).export({ type: 'spki', format: 'der' }).toString('base64'),
    },
  } as const;
  const value = sign(null, signedText(unsigned), signingKey).toString('base64');
  return { ...unsigned, signature: { ...unsigned.signature, value } };
}

export interface Verdict {
  intact: boolean;
  /** What this verdict is about (integrity), in plain words. */
  checked: string;
  format: string;
  /** What failed first, in the order checked; absent when intact. */
  problem?: string;
  /** The first domain event whose content or hash differs, when that is what failed. */
  firstDifferingSequence?: number;
  mandateId?: string;
  events: number;
  runs: number;
  /** Fingerprint of the trusted key whose signature matched. */
  signedBy?: string;
  /** The service's current or a retired key (its own keyring), or a key the auditor gave (file or fingerprint). */
  keyStatus?: 'current' | 'retired' | 'trusted';
}

/** Parses an audit file's text; throws UnreadableAuditFile when it is no JSON object at all. */
export function parseAuditFile(text: string): Record<string, unknown> {
  if (text.trim() === '') throw new UnreadableAuditFile('the file is empty');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new UnreadableAuditFile('the file is not JSON');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new UnreadableAuditFile('the file is not a JSON object (an export or a workflow history)');
  }
  return value as Record<string, unknown>;
}

/** Refuses a format this code does not verify, saying what to do instead. */
export function checkExportFormat(format: unknown): void {
  if (format === EXPORT_FORMAT) return;
  if (format === RETIRED_EXPORT_FORMAT) {
    throw new UnreadableAuditFile(
      `unsupported format ${RETIRED_EXPORT_FORMAT}: its signature does not cover every field and it names no ` +
        `trusted key; export the mandate again to get a ${EXPORT_FORMAT} file`,
    );
  }
  throw new UnreadableAuditFile(
    format === undefined
      ? `not an export: it has no "format" (expected ${EXPORT_FORMAT})`
      : `unsupported format ${JSON.stringify(format).slice(0, 80)}: this verifier reads ${EXPORT_FORMAT}`,
  );
}

function describeIssues(error: z.ZodError): string {
  const [issue] = error.issues;
  const where = issue.path.length > 0 ? issue.path.join('.') : 'the top level';
  return `${where}: ${issue.message}`;
}

export interface ManifestCheck {
  consistent: boolean;
  problem?: string;
  firstDifferingSequence?: number;
}

/**
 * The manifest against the histories it came with: each history against its digest, the domain events against
 * those the histories hold, the hash chain and its head. Says where they first differ.
 */
export function checkManifest(
  manifest: Pick<MandateExport['manifest'], 'mandateId' | 'runs' | 'chain' | 'head'> & { events: unknown[] },
  histories: HistoryJson[],
): ManifestCheck {
  const differs = (problem: string, firstDifferingSequence?: number): ManifestCheck => ({
    consistent: false,
    problem,
    firstDifferingSequence,
  });
  if (manifest.runs.length !== histories.length) {
    return differs(`the manifest lists ${manifest.runs.length} runs but the file holds ${histories.length} histories`);
  }
  for (const [i, run] of manifest.runs.entries()) {
    if (sha256(canonicalJson(histories[i])) !== run.sha256) {
      return differs(`the history of run ${run.runId} differs from its digest`);
    }
  }
  let fromHistories: ExportedEvent[];
  try {
    fromHistories = domainEventsOf(manifest.runs.map((run, i) => ({ runId: run.runId, history: histories[i] })));
  } catch (err) {
    return differs(`the domain events in the histories cannot be read: ${err instanceof Error ? err.message : ''}`);
  }
  for (let i = 0; i < Math.max(fromHistories.length, manifest.events.length); i++) {
    if (canonicalJson(fromHistories[i]) !== canonicalJson(manifest.events[i])) {
      return differs(`event ${i + 1} of the manifest differs from the histories`, i + 1);
    }
  }
  const chain = hashChain(manifest.mandateId, fromHistories);
  for (let i = 0; i < Math.max(chain.length, manifest.chain.length); i++) {
    if (chain[i]?.hash !== manifest.chain[i]?.hash || chain[i]?.sequence !== manifest.chain[i]?.sequence) {
      return differs(`the hash chain differs at event ${i + 1}`, i + 1);
    }
  }
  if (manifest.head !== chainHead(manifest.mandateId, chain)) return differs('the chain head differs');
  return { consistent: true };
}

/**
 * An export's manifest against its histories, for replay (no signature: that is verification's job). Undefined
 * when the file is a bare history; a /1 export is cross-checked too, its parts being the same.
 */
export function crossCheckExport(file: Record<string, unknown>): ManifestCheck | undefined {
  if (!('manifest' in file) && !('histories' in file)) return undefined;
  const parsed = anyExportSchema.safeParse(file);
  if (!parsed.success) return { consistent: false, problem: `the export is damaged: ${describeIssues(parsed.error)}` };
  const { manifest, histories } = file as unknown as MandateExport;
  return checkManifest(manifest, histories);
}

/**
 * Checks an export as an auditor would, offline: that it follows the format to the last field, each raw history
 * against its digest, the domain events against those in the histories, the hash chain, the signature over the
 * whole file with a key the auditor trusts (never one the file merely carries), and the exact bytes. Says where
 * it first differs. Throws UnreadableAuditFile when the text is not an export of this format at all.
 */
export function verifyExport(text: string, trusted: readonly TrustedKey[]): Verdict {
  if (trusted.length === 0) throw new Error('verification needs a trusted key');
  const raw = parseAuditFile(text);
  checkExportFormat(raw.format);
  const base = { checked: VERIFY_CHECKS, format: EXPORT_FORMAT };
  const parsed = exportSchema.safeParse(raw);
  if (!parsed.success) {
    return {
      intact: false,
      ...base,
      problem: `the file does not follow ${EXPORT_FORMAT}: ${describeIssues(parsed.error)}`,
      events: 0,
      runs: 0,
    };
  }
  // Validated, but read as sent: what is hashed and signed is the text's own values.
  const file = raw as unknown as MandateExport;
  const { manifest, signature } = file;
  const counts = { ...base, mandateId: manifest.mandateId, events: manifest.events.length, runs: manifest.runs.length };
  const fail = (problem: string, extra: Partial<Verdict> = {}): Verdict => ({
    intact: false,
    ...counts,
    problem,
    ...extra,
  });

  const check = checkManifest(manifest, file.histories);
  if (!check.consistent) return fail(check.problem!, { firstDifferingSequence: check.firstDifferingSequence });

  const algorithm: string = signature.algorithm; // as sent, whatever the type says
  if (algorithm !== SIGNATURE_ALGORITHM) {
    return fail(`the signature's algorithm ${JSON.stringify(algorithm)} is not ${SIGNATURE_ALGORITHM}`);
  }
  const key = trusted.find((k) => k.fingerprint === signature.keyFingerprint);
  if (!key) return fail(`the file is signed with key ${signature.keyFingerprint}, which is not a trusted key`);
  let carried: KeyObject;
  try {
    carried = createPublicKey({ key: Buffer.from(signature.publicKey, 'base64'), format: 'der', type: 'spki' });
  } catch {
    return fail('the public key the file carries is damaged');
  }
  if (fingerprintOf(carried) !== signature.keyFingerprint) {
    return fail(`the public key the file carries is not the key it names (${signature.keyFingerprint})`);
  }
  let valid: boolean;
  try {
    valid = verify(null, signedText(file), key.publicKey ?? carried, Buffer.from(signature.value, 'base64'));
  } catch {
    valid = false;
  }
  const signedBy: Partial<Verdict> = { signedBy: key.fingerprint, keyStatus: key.status ?? 'trusted' };
  if (!valid) return fail(`the signature does not match the trusted key ${key.fingerprint}`);
  if (serializeExport(file) !== text) {
    return fail('the file is not byte for byte as exported (its layout was changed)', signedBy);
  }
  return { intact: true, ...counts, ...signedBy };
}
