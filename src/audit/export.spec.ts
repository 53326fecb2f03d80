import { createHash, generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalJson } from './canonical-json';
import { buildExport, hashChain, type MandateExport, serializeExport, verifyExport } from './export';
import type { HistoryJson } from './history-events';

const history = JSON.parse(
  readFileSync(join(__dirname, '..', '..', 'test', 'fixtures', 'histories', 'v1', 'lifecycle.json'), 'utf8'),
) as HistoryJson;
const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const trusted = publicKey.export({ type: 'spki', format: 'pem' }).toString();
const file = buildExport(
  'replay-lifecycle',
  'mandate:replay-lifecycle',
  [{ runId: 'run-1', history }],
  privateKey,
  new Date('2027-03-01T12:00:00Z'),
);
const text = serializeExport(file);

describe(verifyExport.name, () => {
  it('finds an export intact, with the domain events its history holds', () => {
    expect(verifyExport(text, trusted)).toMatchObject({ intact: true, runs: 1 });
    expect(file.manifest.events.map((e) => e.sequence)).toEqual(file.manifest.events.map((_, i) => i + 1));
    expect(file.manifest.events[0]).toMatchObject({ type: 'MandateRegistered', runId: 'run-1' });
    expect(file.manifest.events.length).toBeGreaterThanOrEqual(9);
  });

  it('catches a one-byte change anywhere in the file', () => {
    const bytes = Buffer.from(text);
    const positions = Array.from({ length: 400 }, (_, i) => Math.floor((i * bytes.length) / 400));
    for (const at of positions) {
      const changed = Buffer.from(bytes);
      changed[at] = changed[at] === 0x31 ? 0x32 : 0x31;
      expect({ at, verdict: verifyExport(changed.toString('utf8'), trusted).intact }).toEqual({ at, verdict: false });
    }
  });

  it('names the first event that differs when an event was edited', () => {
    const edited = JSON.parse(text) as MandateExport;
    edited.manifest.events[2].actor = 'someone.else';
    expect(verifyExport(serializeExport(edited), trusted)).toMatchObject({ intact: false, firstDifferingSequence: 3 });
  });

  it('catches an edit whose chain, digests and head were all recomputed: the signature no longer matches', () => {
    const forged = JSON.parse(text) as MandateExport;
    const scheduled = forged.histories[0].events.find(
      (e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'projectMandate',
    )!.activityTaskScheduledEventAttributes!.input!.payloads![0];
    const input = JSON.parse(Buffer.from(scheduled.data!, 'base64').toString()) as { events: { actor: string }[] };
    input.events[0].actor = 'forger';
    scheduled.data = Buffer.from(JSON.stringify(input)).toString('base64');
    forged.manifest.events[0].actor = 'forger';
    forged.manifest.chain = hashChain(forged.manifest.mandateId, forged.manifest.events);
    forged.manifest.head = forged.manifest.chain[forged.manifest.chain.length - 1].hash;
    forged.manifest.runs[0].sha256 = createHash('sha256').update(canonicalJson(forged.histories[0])).digest('hex');
    expect(verifyExport(serializeExport(forged), trusted)).toMatchObject({
      intact: false,
      problem: 'the signature does not match the trusted key',
    });
  });

  it('refuses an export signed by another key than the trusted one', () => {
    const other = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(verifyExport(text, other)).toMatchObject({
      intact: false,
      problem: 'the signature does not match the trusted key',
    });
  });
});
