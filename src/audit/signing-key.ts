import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * A key's fingerprint: `sha256:` and the hex SHA-256 of its public key's DER SubjectPublicKeyInfo, so that an
 * auditor can recompute it with `openssl pkey -pubin -in key.pem -outform DER | sha256sum`.
 */
export function fingerprintOf(key: KeyObject): string {
  const spki = (key.type === 'public' ? key : createPublicKey(key)).export({ type: 'spki', format: 'der' });
  return `sha256:${createHash('sha256').update(spki).digest('hex')}`;
}

export const FINGERPRINT = /^sha256:[0-9a-f]{64}$/;

export function publicKeyPem(key: KeyObject): string {
  return (key.type === 'public' ? key : createPublicKey(key)).export({ type: 'spki', format: 'pem' }).toString();
}

/** The service's Ed25519 key that signs exports, from a PKCS#8 PEM file. */
export function loadSigningKey(path: string): KeyObject {
  const key = createPrivateKey(readFileSync(path, 'utf8'));
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`${path} is not an Ed25519 private key`);
  return key;
}

/** For `npm start`: the key in the data folder, created on first use. */
export function loadOrCreateSigningKey(path: string): KeyObject {
  if (!existsSync(path)) {
    const { privateKey } = generateKeyPairSync('ed25519');
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  }
  return loadSigningKey(path);
}

const PEM_BLOCK = /-----BEGIN ([A-Z ]+)-----[\s\S]+?-----END \1-----/g;

/** Every Ed25519 public key in a PEM text (one file may hold several; a private key gives its public half). */
export function publicKeysIn(pemText: string, source: string): KeyObject[] {
  const blocks = pemText.match(PEM_BLOCK) ?? [];
  if (blocks.length === 0) throw new Error(`${source} holds no PEM key`);
  return blocks.map((block) => {
    const key = createPublicKey(block);
    if (key.asymmetricKeyType !== 'ed25519') throw new Error(`${source} holds a key that is not Ed25519`);
    return key;
  });
}

/** A public key the verifier trusts, by fingerprint; a key pinned by fingerprint alone has no `publicKey`. */
export interface TrustedKey {
  fingerprint: string;
  publicKey?: KeyObject;
  status?: 'current' | 'retired';
}

export function trustedKey(publicKey: KeyObject, status?: TrustedKey['status']): TrustedKey {
  return { fingerprint: fingerprintOf(publicKey), publicKey, status };
}

/** The current signing key, and the public keys of retired ones, which exports signed before a rotation name. */
export interface AuditKeyring {
  signingKey: KeyObject;
  fingerprint: string;
  /** The current key first, then the retired ones. */
  keys: TrustedKey[];
}

/**
 * Reads the keyring: the signing key (PKCS#8 PEM) and every `*.pem` in the retired-keys folder (public keys,
 * several to a file allowed). A rotation moves the old key's public half into that folder.
 */
export function loadKeyring(signingKeyFile: string, retiredKeysDir?: string): AuditKeyring {
  const signingKey = loadSigningKey(signingKeyFile);
  const current = trustedKey(createPublicKey(signingKey), 'current');
  const retired: TrustedKey[] = [];
  if (retiredKeysDir && existsSync(retiredKeysDir)) {
    for (const file of readdirSync(retiredKeysDir)
      .filter((f) => f.endsWith('.pem'))
      .sort()) {
      const path = join(retiredKeysDir, file);
      for (const key of publicKeysIn(readFileSync(path, 'utf8'), path)) {
        const entry = trustedKey(key, 'retired');
        if (entry.fingerprint !== current.fingerprint && !retired.some((r) => r.fingerprint === entry.fingerprint)) {
          retired.push(entry);
        }
      }
    }
  }
  return { signingKey, fingerprint: current.fingerprint, keys: [current, ...retired] };
}
