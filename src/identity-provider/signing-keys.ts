import { createHash, generateKeyPairSync, type JsonWebKey } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** A private signing key of the embedded provider, as a JWK with its `kid`. */
export type SigningKey = JsonWebKey & { kid: string; kty: string; use: 'sig'; alg: 'RS256' };

/** How many keys the set keeps: the one that signs, and the one before it, so tokens it signed still verify. */
const KEPT = 2;

/** RFC 7638 thumbprint of an RSA key: a `kid` that names the key itself. */
function thumbprint(jwk: JsonWebKey): string {
  return createHash('sha256')
    .update(JSON.stringify({ e: jwk.e, kty: jwk.kty, n: jwk.n }))
    .digest('base64url');
}

export function newSigningKey(): SigningKey {
  const jwk = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
  return { ...jwk, kty: 'RSA', kid: thumbprint(jwk), use: 'sig', alg: 'RS256' };
}

function save(path: string, keys: SigningKey[]): void {
  mkdirSync(dirname(path), { recursive: true });
  // Written aside and renamed, so a crash never leaves half a key set.
  writeFileSync(`${path}.tmp`, JSON.stringify({ keys }, null, 2), { mode: 0o600 });
  renameSync(`${path}.tmp`, path);
}

export function loadSigningKeys(path: string): SigningKey[] {
  const { keys } = JSON.parse(readFileSync(path, 'utf8')) as { keys?: SigningKey[] };
  if (!Array.isArray(keys) || keys.length === 0) throw new Error(`${path} holds no signing key`);
  return keys;
}

/** The provider's key set in DATA_DIR, made on first use; the first key signs. */
export function loadOrCreateSigningKeys(path: string): SigningKey[] {
  if (!existsSync(path)) save(path, [newSigningKey()]);
  return loadSigningKeys(path);
}

/** A new key signs from now on; the previous one still verifies; older ones are dropped. */
export function rotateSigningKeys(path: string): SigningKey[] {
  const keys = [newSigningKey(), ...loadOrCreateSigningKeys(path)].slice(0, KEPT);
  save(path, keys);
  return keys;
}
