import { createHash, createPublicKey, type KeyObject, sign, verify } from 'node:crypto';
import type { RecordedEvent } from '../../workflows/mandate/contract';
import { canonicalJson } from './canonical-json';
import { domainEventsOf, type HistoryJson } from './history-events';

export const EXPORT_FORMAT = 'mandate-tracker-export/1';

export type ExportedEvent = RecordedEvent & { runId: string; historyEventId: number };

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
    signature: { algorithm: 'Ed25519'; publicKey: string; value: string };
  };
  /** The raw Temporal histories, oldest run first, as `temporal workflow show --output json` writes them. */
  histories: HistoryJson[];
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export function hashChain(mandateId: string, events: readonly RecordedEvent[]): { sequence: number; hash: string }[] {
  let previous = sha256(`mandate-tracker:${mandateId}`);
  return events.map((event) => {
    previous = sha256(previous + canonicalJson(event));
    return { sequence: event.sequence, hash: previous };
  });
}

/** What the signature covers: the whole manifest but the signature's value (the histories by their digests). */
function signedText(
  manifest: Omit<MandateExport['manifest'], 'signature'> & { signature: { publicKey: string } },
): string {
  return canonicalJson({
    format: EXPORT_FORMAT,
    manifest: { ...manifest, signature: { algorithm: 'Ed25519', publicKey: manifest.signature.publicKey } },
  });
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
  const runDigests = runs.map(({ runId, history }) => ({
    runId,
    historyEvents: history.events.length,
    sha256: sha256(canonicalJson(history)),
  }));
  const head = chain.length > 0 ? chain[chain.length - 1].hash : sha256(`mandate-tracker:${mandateId}`);
  const publicKey = createPublicKey(signingKey).export({ type: 'spki', format: 'der' }).toString('base64');
  const unsigned = {
    mandateId,
    workflowId,
    exportedAt: now.toISOString(),
    runs: runDigests,
    events,
    chain,
    head,
    signature: { publicKey },
  };
  const value = sign(null, Buffer.from(signedText(unsigned)), signingKey).toString('base64');
  return {
    format: EXPORT_FORMAT,
    manifest: { ...unsigned, signature: { algorithm: 'Ed25519', publicKey, value } },
    histories: runs.map((r) => r.history),
  };
}

export interface Verdict {
  intact: boolean;
  /** What failed first, in the order checked; absent when intact. */
  problem?: string;
  /** The first domain event whose content or hash differs, when that is what failed. */
  firstDifferingSequence?: number;
  events: number;
  runs: number;
  /** Fingerprint of the key that signed it (SHA-256 of the public key). */
  signedBy?: string;
}

function fail(partial: Omit<Verdict, 'intact'>): Verdict {
  return { intact: false, ...partial };
}

/**
 * Checks an export as an auditor would, offline: the exact bytes, each raw history against its digest, the
 * domain events against those in the histories, the hash chain, and the signature with the public key the
 * auditor trusts (PEM). Says where it first differs.
 */
export function verifyExport(text: string, trustedPublicKeyPem?: string): Verdict {
  let file: MandateExport;
  try {
    file = JSON.parse(text) as MandateExport;
  } catch {
    return fail({ problem: 'not JSON', events: 0, runs: 0 });
  }
  const m = file?.manifest;
  if (file?.format !== EXPORT_FORMAT || !m || !Array.isArray(file.histories)) {
    return fail({ problem: `not a ${EXPORT_FORMAT} file`, events: 0, runs: 0 });
  }
  const counts = { events: m.events?.length ?? 0, runs: m.runs?.length ?? 0 };
  const runs = (m.runs ?? []).map((run, i) => ({ runId: run.runId, history: file.histories[i] }));
  if (runs.length !== file.histories.length) return fail({ problem: 'runs and histories do not match', ...counts });
  for (const [i, run] of (m.runs ?? []).entries()) {
    if (!file.histories[i] || sha256(canonicalJson(file.histories[i])) !== run.sha256) {
      return fail({ problem: `the history of run ${run.runId} differs from its digest`, ...counts });
    }
  }
  let fromHistories: ExportedEvent[];
  try {
    fromHistories = domainEventsOf(runs);
  } catch (err) {
    return fail({ problem: `the histories cannot be read: ${String(err)}`, ...counts });
  }
  const length = Math.max(fromHistories.length, m.events.length);
  for (let i = 0; i < length; i++) {
    if (canonicalJson(fromHistories[i]) !== canonicalJson(m.events[i])) {
      return fail({
        problem: `event ${i + 1} of the manifest differs from the histories`,
        firstDifferingSequence: i + 1,
        ...counts,
      });
    }
  }
  const chain = hashChain(m.mandateId, m.events);
  for (let i = 0; i < Math.max(chain.length, m.chain.length); i++) {
    if (chain[i]?.hash !== m.chain[i]?.hash || chain[i]?.sequence !== m.chain[i]?.sequence) {
      return fail({ problem: `the hash chain differs at event ${i + 1}`, firstDifferingSequence: i + 1, ...counts });
    }
  }
  const head = chain.length > 0 ? chain[chain.length - 1].hash : sha256(`mandate-tracker:${m.mandateId}`);
  if (m.head !== head) return fail({ problem: 'the chain head differs', ...counts });
  let signedBy: string;
  let valid: boolean;
  try {
    const embedded = createPublicKey({
      key: Buffer.from(m.signature.publicKey, 'base64'),
      format: 'der',
      type: 'spki',
    });
    const key = trustedPublicKeyPem ? createPublicKey(trustedPublicKeyPem) : embedded;
    signedBy = sha256(key.export({ type: 'spki', format: 'der' }).toString('base64'));
    valid = verify(null, Buffer.from(signedText(m)), key, Buffer.from(m.signature.value, 'base64'));
  } catch {
    return fail({ problem: 'the signature or its key is damaged', ...counts });
  }
  if (!valid) return fail({ problem: 'the signature does not match the trusted key', signedBy, ...counts });
  if (serializeExport(file) !== text) {
    return fail({ problem: 'the file is not byte for byte as exported (its layout was changed)', signedBy, ...counts });
  }
  return { intact: true, signedBy, ...counts };
}
