// A replay thread of the audit pool (audit-pool.ts): replays and verifications run here, off the request thread.
import { createPublicKey } from 'node:crypto';
import { workerData } from 'piscina';
import type { AsOf } from './as-of';
import { UnreadableAuditFile, type Verdict, verifyExport } from './export';
import { replayHistories, replayInputOf, type ReplayReport } from './replay';
import { ReplaySession } from './replay-session';
import type { TrustedKey } from './signing-key';
import { installReplayRuntime } from './workflow-bundle';

/** A trusted key as it crosses threads: the PEM text, not a KeyObject. */
export type TrustedKeyPem = Omit<TrustedKey, 'publicKey'> & { publicKeyPem?: string };

export type AuditTask =
  { kind: 'replay'; body: Uint8Array; asOf?: AsOf } | { kind: 'verify'; body: Uint8Array; trusted: TrustedKeyPem[] };

/** Errors do not keep their class across threads: an unreadable file comes back as data. */
export type AuditOutcome =
  | { kind: 'replay'; report: ReplayReport }
  | { kind: 'verify'; verdict: Verdict }
  | { kind: 'unreadable'; problem: string };

installReplayRuntime();
/** One replay worker for every replay this thread runs, on the bundle built once for the process. */
const session = new ReplaySession({ code: (workerData as { bundleCode: string }).bundleCode });

export default async function runAuditTask(task: AuditTask): Promise<AuditOutcome> {
  const text = Buffer.from(task.body.buffer, task.body.byteOffset, task.body.byteLength).toString('utf8');
  try {
    if (task.kind === 'verify') {
      const trusted = task.trusted.map(({ publicKeyPem, ...key }) => ({
        ...key,
        publicKey: publicKeyPem ? createPublicKey(publicKeyPem) : undefined,
      }));
      return { kind: 'verify', verdict: verifyExport(text, trusted) };
    }
    return { kind: 'replay', report: await replayHistories(replayInputOf(text), session, task.asOf) };
  } catch (err) {
    if (err instanceof UnreadableAuditFile) return { kind: 'unreadable', problem: err.message };
    throw err;
  }
}
