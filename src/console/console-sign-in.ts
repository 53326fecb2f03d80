import type * as OpenIdClient from 'openid-client' with { 'resolution-mode': 'import' };

export interface SignInStart {
  url: string;
  state: string;
  nonce: string;
  codeVerifier: string;
}

export interface SignInResult {
  accessToken: string;
  idToken?: string;
  /** Seconds the access token lasts, as the provider said. */
  expiresIn?: number;
}

/**
 * The console's OpenID Connect client (`openid-client`, panva): authorization code with PKCE (S256), state and
 * nonce, against OIDC_ISSUER_URL as the public client OIDC_CONSOLE_CLIENT_ID. Discovery happens on first use and
 * is retried after a failure.
 */
export class ConsoleSignIn {
  private configuration?: Promise<{ lib: typeof OpenIdClient; config: OpenIdClient.Configuration }>;

  constructor(
    private readonly issuer: string,
    private readonly clientId: string,
  ) {}

  private discover() {
    this.configuration ??= (async () => {
      // openid-client is an ES module: loaded at run time, as oidc-provider is (src/identity-provider).
      const lib = await import('openid-client');
      const issuer = new URL(this.issuer);
      const config = await lib.discovery(issuer, this.clientId, undefined, lib.None(), {
        // The embedded provider of `npm start` is plain HTTP on the loopback; a real one is HTTPS.
        ...(issuer.protocol === 'http:' && { execute: [lib.allowInsecureRequests] }),
      });
      return { lib, config };
    })().catch((err: unknown) => {
      this.configuration = undefined;
      throw err;
    });
    return this.configuration;
  }

  async start(redirectUri: string): Promise<SignInStart> {
    const { lib, config } = await this.discover();
    const codeVerifier = lib.randomPKCECodeVerifier();
    const state = lib.randomState();
    const nonce = lib.randomNonce();
    const url = lib.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: 'openid profile email',
      code_challenge: await lib.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    return { url: url.href, state, nonce, codeVerifier };
  }

  /** Exchanges the code the provider sent back (in `callbackUrl`), checking state, nonce and the PKCE verifier. */
  async finish(
    callbackUrl: URL,
    expected: { state: string; nonce: string; codeVerifier: string },
  ): Promise<SignInResult> {
    const { lib, config } = await this.discover();
    const tokens = await lib.authorizationCodeGrant(config, callbackUrl, {
      pkceCodeVerifier: expected.codeVerifier,
      expectedState: expected.state,
      expectedNonce: expected.nonce,
      idTokenExpected: true,
    });
    return {
      accessToken: tokens.access_token,
      ...(tokens.id_token !== undefined && { idToken: tokens.id_token }),
      ...(tokens.expires_in !== undefined && { expiresIn: tokens.expires_in }),
    };
  }

  /** The provider's sign-out page (RP-initiated logout), or undefined when it has none. */
  async signOutUrl(idToken: string | undefined, postLogoutRedirectUri: string): Promise<string | undefined> {
    const { lib, config } = await this.discover();
    if (!config.serverMetadata().end_session_endpoint) return undefined;
    return lib.buildEndSessionUrl(config, {
      client_id: this.clientId,
      post_logout_redirect_uri: postLogoutRedirectUri,
      ...(idToken !== undefined && { id_token_hint: idToken }),
    }).href;
  }
}
