import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSigningKeys, type SigningKey } from '../../src/identity-provider/signing-keys';
import { clientCredentials, signIn } from '../../src/identity-provider/token-client';
import { DEV_DIRECTORY } from '../../src/identity-provider/directory';
import { freePort } from './servers';

const PROVIDER_MAIN = join(__dirname, '..', '..', 'dist', 'src', 'identity-provider', 'main.js');

/**
 * The real embedded OpenID provider (`npm run build` output) as a child process on a free port, with a data folder
 * of its own: its keys can be read (to forge tokens that differ from real ones in one claim) and rotated (SIGHUP).
 */
export class IdentityProviderProcess {
  private output = '';

  private constructor(
    private readonly child: ChildProcess,
    readonly issuer: string,
    readonly dataDir: string,
  ) {
    const keep = (chunk: Buffer) => (this.output += chunk.toString());
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
  }

  static async start(env: Record<string, string> = {}): Promise<IdentityProviderProcess> {
    const port = await freePort();
    const dataDir = mkdtempSync(join(tmpdir(), 'mandate-tracker-idp-'));
    const child = spawn(process.execPath, [PROVIDER_MAIN], {
      env: { ...process.env, EMBEDDED_OIDC_PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'log', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const provider = new IdentityProviderProcess(child, `http://127.0.0.1:${port}`, dataDir);
    try {
      await provider.waitFor(() => /OpenID provider on/.test(provider.output), 30_000, 'start');
    } catch (err) {
      await provider.stop();
      throw err;
    }
    return provider;
  }

  /** The private keys, the signing one first. */
  signingKeys(): SigningKey[] {
    return loadSigningKeys(join(this.dataDir, 'identity-provider', 'signing-keys.json'));
  }

  /** Rotates the signing key and waits until the provider signs with the new one; returns its `kid`. */
  async rotateSigningKey(): Promise<string> {
    const rotations = () => this.output.match(/signing key rotated/g)?.length ?? 0;
    const before = rotations();
    this.child.kill('SIGHUP');
    await this.waitFor(() => rotations() > before, 10_000, 'rotate its key');
    return this.signingKeys()[0].kid;
  }

  private async waitFor(done: () => boolean, timeoutMs: number, what: string): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!done()) {
      if (this.child.exitCode !== null) throw new Error(`the identity provider exited:\n${this.output}`);
      if (Date.now() > deadline) throw new Error(`the identity provider did not ${what}:\n${this.output}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const exited = once(this.child, 'exit');
      this.child.kill('SIGTERM');
      await exited;
    }
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}

/** People of the development directory (src/identity-provider/dev-directory.json), by what they are for tests. */
export const PEOPLE = {
  secretariat: 'carlos.mendez',
  officer: 'maria.gonzalez',
  otherOfficer: 'jorge.ramirez',
  secretariatAndOfficer: 'rosa.martinez',
  auditor: 'ana.silva',
  administrator: 'luis.torres',
} as const;
export type Person = (typeof PEOPLE)[keyof typeof PEOPLE];

/** Real access tokens from a provider, through its real flows; each kept until a minute before it expires. */
export class Tokens {
  private readonly cache = new Map<string, Promise<{ token: string; expiresAt: number }>>();

  constructor(readonly issuer: string) {}

  /** A person's token: the authorization code flow with PKCE, through the sign-in page. */
  person(username: string): Promise<string> {
    const user = DEV_DIRECTORY.users.find((u) => u.username === username);
    if (!user) throw new Error(`${username} is not in the development directory`);
    return this.cached(username, () => signIn({ issuer: this.issuer, username, password: user.password }));
  }

  /** A machine client's token: the client-credentials grant. */
  client(clientId: string): Promise<string> {
    const client = DEV_DIRECTORY.machineClients.find((c) => c.clientId === clientId);
    if (!client) throw new Error(`${clientId} is not in the development directory`);
    return this.cached(`client:${clientId}`, () => clientCredentials(this.issuer, clientId, client.secret));
  }

  /** `Authorization: Bearer …` for a person (or `client:<id>`), to pass to supertest's `.set()`. */
  async bearer(who: string): Promise<{ Authorization: string }> {
    const token = who.startsWith('client:') ? await this.client(who.slice('client:'.length)) : await this.person(who);
    return { Authorization: `Bearer ${token}` };
  }

  private async cached(
    key: string,
    fetch: () => Promise<{ access_token: string; expires_in: number }>,
  ): Promise<string> {
    const hit = this.cache.get(key);
    if (hit && (await hit).expiresAt > Date.now() + 60_000) return (await hit).token;
    const next = fetch().then((t) => ({ token: t.access_token, expiresAt: Date.now() + t.expires_in * 1000 }));
    this.cache.set(key, next);
    void next.catch(() => this.cache.delete(key));
    return (await next).token;
  }
}
