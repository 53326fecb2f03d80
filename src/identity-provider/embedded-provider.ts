import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import type { Configuration, default as Provider, KoaContextWithOIDC } from 'oidc-provider' with {
  'resolution-mode': 'import',
};
import {
  CLI_CLIENT_ID,
  CLI_REDIRECT_URI,
  CONSOLE_CALLBACK_PATH,
  CONSOLE_CLIENT_ID,
  CONSOLE_SIGNED_OUT_PATH,
  SWAGGER_REDIRECT_PATH,
} from './clients';
import { DEV_DIRECTORY, type Directory, type DirectoryUser } from './directory';
import { errorPage, loginPage, PAGE_HEADERS } from './login-page';
import { loadOrCreateSigningKeys, rotateSigningKeys, type SigningKey } from './signing-keys';

export interface IdentityProviderOptions {
  /** The issuer identifier; defaults to http://127.0.0.1:<port>. */
  issuer?: string;
  port: number;
  host?: string;
  /** Keys persist here: signing-keys.json (the first key signs) and cookie-keys.json. */
  dataDir: string;
  /** The API's identifier, the `aud` of every access token. */
  audience: string;
  /** Origins whose pages sign in through the console client (the API's Swagger UI). */
  consoleOrigins: string[];
  accessTokenTtlSeconds?: number;
  directory?: Directory;
}

export interface RunningIdentityProvider {
  issuer: string;
  directory: Directory;
  /** A new key signs from now on; the previous one still verifies; older ones are gone. Returns the new `kid`. */
  rotateSigningKey(): Promise<string>;
  stop(): Promise<void>;
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/** The password check, in constant time (digests of equal length). */
function passwordMatches(user: DirectoryUser, password: string): boolean {
  return timingSafeEqual(digest(user.password), digest(password));
}

function loadOrCreateCookieKeys(path: string): string[] {
  if (!existsSync(path)) writeFileSync(path, JSON.stringify([randomBytes(32).toString('base64url')]), { mode: 0o600 });
  return JSON.parse(readFileSync(path, 'utf8')) as string[];
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  let body = '';
  for await (const chunk of req) {
    body += (chunk as Buffer).toString('utf8');
    if (body.length > 10_000) throw new Error('form too large');
  }
  return new URLSearchParams(body);
}

function send(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, PAGE_HEADERS).end(html);
}

/**
 * The embedded OpenID provider of `npm start` and the tests: `oidc-provider` (panva, OpenID Certified) with the
 * development directory, authorization code + PKCE for people (a server-rendered sign-in page), client credentials
 * for machine clients, and RFC 9068 JWT access tokens for the API carrying `roles`, `dependency` and `name`.
 * In-memory sessions and grants; the keys persist in `dataDir`.
 */
export async function startIdentityProvider(options: IdentityProviderOptions): Promise<RunningIdentityProvider> {
  // oidc-provider is an ES module: loaded at run time, never into the API's own module graph (nor jest's).
  const { default: OidcProvider, errors } = await import('oidc-provider');
  const directory = options.directory ?? DEV_DIRECTORY;
  const host = options.host ?? '127.0.0.1';
  const dir = resolve(options.dataDir, 'identity-provider');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const keysFile = join(dir, 'signing-keys.json');
  const cookieKeys = loadOrCreateCookieKeys(join(dir, 'cookie-keys.json'));
  const ttl = options.accessTokenTtlSeconds ?? 3600;

  const server = createServer();
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(options.port, host, () => ok());
  });
  const port = (server.address() as AddressInfo).port;
  // Bound to every interface (a container): it is still reached, and named, on the loopback.
  const issuer = options.issuer ?? `http://${['0.0.0.0', '::'].includes(host) ? '127.0.0.1' : host}:${port}`;

  const userNamed = (username: string) => directory.users.find((u) => u.username === username);
  const machineClient = (clientId: string) => directory.machineClients.find((c) => c.clientId === clientId);

  const configuration = (keys: SigningKey[]): Configuration => ({
    clients: [
      {
        client_id: CONSOLE_CLIENT_ID,
        client_name: 'mandate-tracker console',
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code'],
        response_types: ['code'],
        redirect_uris: options.consoleOrigins.flatMap((origin) => [
          `${origin}${SWAGGER_REDIRECT_PATH}`,
          `${origin}${CONSOLE_CALLBACK_PATH}`,
        ]),
        post_logout_redirect_uris: options.consoleOrigins.map((origin) => `${origin}${CONSOLE_SIGNED_OUT_PATH}`),
      },
      {
        client_id: CLI_CLIENT_ID,
        client_name: 'mandate-tracker command line (npm run token)',
        application_type: 'native',
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code'],
        response_types: ['code'],
        redirect_uris: [CLI_REDIRECT_URI],
      },
      ...directory.machineClients.map((client) => ({
        client_id: client.clientId,
        client_name: client.name,
        client_secret: client.secret,
        grant_types: ['client_credentials'],
        response_types: [],
        redirect_uris: [],
      })),
    ],
    jwks: { keys },
    cookies: { keys: cookieKeys },
    pkce: { required: () => true },
    // Authorization code only: no implicit flow for a browser to be offered.
    responseTypes: ['code'],
    scopes: ['openid', 'profile', 'email'],
    claims: { openid: ['sub'], profile: ['name', 'preferred_username'], email: ['email'] },
    findAccount: (_ctx, sub) => {
      const user = userNamed(sub);
      if (!user) return undefined;
      return {
        accountId: sub,
        claims: () => ({ sub, name: user.name, preferred_username: user.username, email: user.email }),
      };
    },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      resourceIndicators: {
        enabled: true,
        // Every token is for the API, whether or not the client names it (Swagger UI cannot).
        defaultResource: () => options.audience,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, resource) => {
          if (resource !== options.audience) throw new errors.InvalidTarget();
          return {
            scope: 'mandates',
            audience: options.audience,
            accessTokenTTL: ttl,
            accessTokenFormat: 'jwt',
            jwt: { sign: { alg: 'RS256' } },
          };
        },
      },
    },
    extraTokenClaims: (_ctx, token) => {
      if (token.kind === 'ClientCredentials') {
        const client = machineClient(token.clientId ?? '');
        return client && { name: client.name, roles: client.roles };
      }
      const user = 'accountId' in token && typeof token.accountId === 'string' ? userNamed(token.accountId) : undefined;
      if (!user) return undefined;
      return {
        name: user.name,
        preferred_username: user.username,
        email: user.email,
        roles: user.roles,
        ...(user.dependency !== undefined && { dependency: user.dependency }),
      };
    },
    // Every client is first-party: no consent screen (oidc-provider's "skip consent" recipe).
    loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
      const oidc = ctx.oidc;
      const client = oidc.client!;
      const grantId = oidc.result?.consent?.grantId ?? oidc.session!.grantIdFor(client.clientId);
      if (grantId) return oidc.provider.Grant.find(grantId);
      const accountId = oidc.session?.accountId;
      if (!accountId) return undefined;
      const grant = new oidc.provider.Grant({ clientId: client.clientId, accountId });
      grant.addOIDCScope('openid profile email');
      grant.addResourceScope(options.audience, 'mandates');
      await grant.save();
      return grant;
    },
    clientBasedCORS: (_ctx, origin, client) =>
      client.redirectUris?.some((uri) => new URL(uri).origin === origin) ?? false,
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    ttl: { AccessToken: ttl, ClientCredentials: ttl },
    renderError: (ctx, out) => {
      ctx.type = 'html';
      ctx.set(PAGE_HEADERS);
      ctx.body = errorPage(String(out.error_description ?? out.error));
    },
  });

  let provider: Provider = new OidcProvider(issuer, configuration(loadOrCreateSigningKeys(keysFile)));
  let handle = provider.callback();

  async function interaction(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const details = await provider.interactionDetails(req, res);
    const clientId = String(details.params.client_id);
    const clientName = (await provider.Client.find(clientId))?.clientName ?? clientId;
    const view = { uid: details.uid, clientName, directory: directory.users };
    if (details.prompt.name === 'consent') {
      // Every client is first-party, native ones included (which oidc-provider always asks about): consent given.
      const grant = details.grantId
        ? await provider.Grant.find(details.grantId)
        : new provider.Grant({ clientId, accountId: details.session?.accountId });
      if (!grant) throw new errors.SessionNotFound('the grant is gone');
      grant.addOIDCScope('openid profile email');
      grant.addResourceScope(options.audience, 'mandates');
      const grantId = await grant.save();
      await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
      return;
    }
    if (details.prompt.name !== 'login') {
      send(res, 400, errorPage('this sign-in cannot continue: start again from the application'));
      return;
    }
    if (req.method === 'GET') {
      send(res, 200, loginPage(view));
      return;
    }
    const form = await readForm(req);
    const username = form.get('username') ?? '';
    const user = userNamed(username);
    if (!user || !passwordMatches(user, form.get('password') ?? '')) {
      send(res, 401, loginPage({ ...view, username, error: 'Wrong user name or password.' }));
      return;
    }
    await provider.interactionFinished(
      req,
      res,
      { login: { accountId: user.username } },
      {
        mergeWithLastSubmission: false,
      },
    );
  }

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0];
    const isInteraction =
      (req.method === 'GET' && /^\/interaction\/[\w-]+$/.test(path)) ||
      (req.method === 'POST' && /^\/interaction\/[\w-]+\/login$/.test(path));
    if (!isInteraction) {
      void handle(req, res);
      return;
    }
    interaction(req, res).catch((err: unknown) => {
      if (res.headersSent) return;
      // An unknown or expired interaction (SessionNotFound) and the like: nothing internal in the page.
      const known = err instanceof errors.OIDCProviderError;
      send(res, known ? 400 : 500, errorPage(known ? (err.error_description ?? err.message) : 'sign-in failed'));
    });
  });

  return {
    issuer,
    directory,
    rotateSigningKey: () => {
      const keys = rotateSigningKeys(keysFile);
      // oidc-provider's keys are fixed at construction: the next requests go to a provider with the new set.
      // Sessions and grants live in its in-memory adapter, which all instances share.
      provider = new OidcProvider(issuer, configuration(keys));
      handle = provider.callback();
      return Promise.resolve(keys[0].kid);
    },
    stop: () =>
      new Promise<void>((ok) => {
        server.close(() => ok());
        server.closeAllConnections();
      }),
  };
}
