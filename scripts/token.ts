/**
 * An access token for curl, from the embedded provider (or another issuer whose sign-in page is the same):
 *
 *   npm run -s token -- maria.gonzalez             # a person: the authorization code flow with PKCE
 *   npm run -s token -- --client nightly-import    # a machine client: the client-credentials grant
 *
 * Options: --issuer URL (default $OIDC_ISSUER_URL, else the embedded provider on $EMBEDDED_OIDC_PORT or 3900),
 * --password / --secret (default: the development directory's), --json (the whole token response).
 * Prints the token alone, so that `TOKEN=$(npm run -s token -- maria.gonzalez)` works.
 */
import { parseArgs } from 'node:util';
import { DEV_DIRECTORY } from '../src/identity-provider/directory';
import { clientCredentials, signIn, type TokenSet } from '../src/identity-provider/token-client';

const USAGE =
  'usage: npm run -s token -- <user name> | --client <client id> [--issuer URL] [--password P | --secret S] [--json]';

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      client: { type: 'string' },
      issuer: { type: 'string' },
      password: { type: 'string' },
      secret: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  const issuer =
    values.issuer ?? process.env.OIDC_ISSUER_URL ?? `http://127.0.0.1:${process.env.EMBEDDED_OIDC_PORT ?? 3900}`;
  let tokens: TokenSet;
  if (values.client !== undefined) {
    const secret = values.secret ?? DEV_DIRECTORY.machineClients.find((c) => c.clientId === values.client)?.secret;
    if (secret === undefined) throw new Error(`no secret for client ${values.client}: give --secret`);
    tokens = await clientCredentials(issuer, values.client, secret);
  } else {
    const username = positionals[0];
    if (username === undefined || positionals.length > 1) throw new Error(USAGE);
    const password = values.password ?? DEV_DIRECTORY.users.find((u) => u.username === username)?.password;
    if (password === undefined) {
      const known = DEV_DIRECTORY.users.map((u) => u.username).join(', ');
      throw new Error(`${username} is not in the development directory (${known}): give --password`);
    }
    tokens = await signIn({ issuer, username, password });
  }
  console.log(values.json ? JSON.stringify(tokens, null, 2) : tokens.access_token);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
