/**
 * Gets access tokens from the embedded provider the way its clients do: a person through the authorization code
 * flow with PKCE (posting the sign-in page's form, as a browser would), a machine client with its credentials.
 * Used by `npm run token` and the tests; plain `fetch`, no browser.
 */
import { createHash, randomBytes } from 'node:crypto';
import { CLI_CLIENT_ID, CLI_REDIRECT_URI } from './clients';

export interface TokenSet {
  access_token: string;
  token_type: string;
  expires_in: number;
  id_token?: string;
  scope?: string;
}

export class SignInFailed extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SignInFailed';
  }
}

interface Endpoints {
  authorization_endpoint: string;
  token_endpoint: string;
}

async function discover(issuer: string): Promise<Endpoints> {
  const response = await fetch(`${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`);
  if (!response.ok) throw new SignInFailed(`no OpenID provider answers at ${issuer} (${response.status})`);
  return (await response.json()) as Endpoints;
}

async function tokenRequest(tokenEndpoint: string, form: Record<string, string>, basic?: string): Promise<TokenSet> {
  const response = await fetch(tokenEndpoint, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      ...(basic !== undefined && { Authorization: `Basic ${basic}` }),
    },
    body: new URLSearchParams(form),
  });
  const body = (await response.json()) as TokenSet & { error?: string; error_description?: string };
  if (!response.ok) throw new SignInFailed(`the token endpoint refused: ${body.error_description ?? body.error}`);
  return body;
}

/** Just enough of a cookie jar for one sign-in on one host. */
class Browser {
  private readonly cookies = new Map<string, string>();

  async request(url: string, init: RequestInit = {}): Promise<Response> {
    const response = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string>), Cookie: [...this.cookies.values()].join('; ') },
    });
    for (const cookie of response.headers.getSetCookie()) {
      const pair = cookie.split(';')[0];
      this.cookies.set(pair.split('=')[0], pair);
    }
    return response;
  }
}

export interface PersonSignIn {
  issuer: string;
  username: string;
  password: string;
  clientId?: string;
  redirectUri?: string;
}

/** A person's access token: the authorization code flow with PKCE, through the provider's sign-in page. */
export async function signIn({
  issuer,
  username,
  password,
  clientId = CLI_CLIENT_ID,
  redirectUri = CLI_REDIRECT_URI,
}: PersonSignIn): Promise<TokenSet> {
  const endpoints = await discover(issuer);
  const verifier = randomBytes(32).toString('base64url');
  const state = randomBytes(16).toString('base64url');
  const authorize = new URL(endpoints.authorization_endpoint);
  authorize.search = new URLSearchParams({
    client_id: clientId,
    redirect_uri: redirectUri,
    response_type: 'code',
    scope: 'openid profile email',
    state,
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
  }).toString();

  const browser = new Browser();
  let url = authorize.toString();
  let signedIn = false;
  // Redirects: to the sign-in page, back to the authorization endpoint, then to the client with the code.
  for (let hop = 0; hop < 10; hop++) {
    if (url.startsWith(redirectUri)) break;
    const response = await browser.request(url);
    const location = response.headers.get('location');
    if (location) {
      url = new URL(location, url).toString();
      continue;
    }
    if (response.status !== 200 || signedIn) {
      throw new SignInFailed(`sign-in stopped at ${new URL(url).pathname} (${response.status})`);
    }
    // The sign-in page: post its form.
    const action = /<form method="post" action="([^"]+)"/.exec(await response.text())?.[1];
    if (!action) throw new SignInFailed('the sign-in page has no form');
    const posted = await browser.request(new URL(action, url).toString(), {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ username, password }).toString(),
    });
    const next = posted.headers.get('location');
    if (!next) throw new SignInFailed(`sign-in refused for ${username}: wrong user name or password`);
    signedIn = true;
    url = new URL(next, url).toString();
  }
  const callback = new URL(url);
  if (!url.startsWith(redirectUri) || callback.searchParams.get('state') !== state) {
    throw new SignInFailed('the provider did not come back to the client');
  }
  const code = callback.searchParams.get('code');
  if (!code) {
    throw new SignInFailed(`the provider refused: ${callback.searchParams.get('error_description') ?? 'no code'}`);
  }
  return tokenRequest(endpoints.token_endpoint, {
    grant_type: 'authorization_code',
    code,
    redirect_uri: redirectUri,
    client_id: clientId,
    code_verifier: verifier,
  });
}

/** A machine client's access token: the client-credentials grant. */
export async function clientCredentials(issuer: string, clientId: string, secret: string): Promise<TokenSet> {
  const endpoints = await discover(issuer);
  const basic = Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`).toString('base64');
  return tokenRequest(endpoints.token_endpoint, { grant_type: 'client_credentials' }, basic);
}
