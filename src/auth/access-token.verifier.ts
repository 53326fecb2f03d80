import { Logger } from '@nestjs/common';
import {
  createRemoteJWKSet,
  decodeProtectedHeader,
  errors,
  type JWTHeaderParameters,
  type JWTVerifyGetKey,
  jwtVerify,
  type KeyLike,
} from 'jose';
import { TemporarilyUnavailable } from '../common/temporarily-unavailable.error';
import type { IdentitySettings } from './identity-settings';
import type { Principal } from './policy';
import { principalFrom, UnusableToken } from './principal';

/** A missing or bad token: a 401 whose `WWW-Authenticate` header says why (RFC 6750). */
export class InvalidAccessToken extends Error {
  constructor(
    readonly description: string,
    /** False when no token was sent at all: the challenge then carries no error code. */
    readonly presented = true,
  ) {
    super(description);
    this.name = 'InvalidAccessToken';
  }
}

const FETCH_TIMEOUT_MS = 5_000;
/** Tokens remembered as verified: a caller sends one token with each of its requests. */
const VERIFIED_MAX = 1_000;
const VERIFIED_MAX_MS = 60_000;

interface Verified {
  principal: Principal;
  /** The key that verified it: a key set fetched again (a rotation) makes other keys, and the token is checked anew. */
  key: KeyLike | Uint8Array;
  until: number;
}

/** What a rejected token is told: which check failed, never a key, a URL or the token itself. */
function describe(err: unknown): string | undefined {
  if (err instanceof errors.JWTExpired) return 'the access token has expired';
  if (err instanceof errors.JWTClaimValidationFailed) {
    switch (err.claim) {
      case 'aud':
        return 'the access token is not meant for this API (audience)';
      case 'iss':
        return 'the access token comes from another issuer';
      case 'nbf':
      case 'iat':
        return 'the access token is not valid yet';
      default:
        return `the access token's ${err.claim} claim is missing or invalid`;
    }
  }
  if (err instanceof errors.JOSEAlgNotAllowed || err instanceof errors.JOSENotSupported) {
    return "the access token's signature algorithm is not accepted";
  }
  if (err instanceof errors.JWSSignatureVerificationFailed) return "the access token's signature does not verify";
  if (err instanceof errors.JWKSNoMatchingKey || err instanceof errors.JWKSMultipleMatchingKeys) {
    return 'no current key of the issuer signed the access token';
  }
  if (err instanceof errors.JWSInvalid || err instanceof errors.JWTInvalid || err instanceof errors.JWKInvalid) {
    return 'the access token is malformed';
  }
  return undefined;
}

/**
 * Checks bearer access tokens against the configured issuer: its keys from discovery (fetched on first use, so the
 * API starts while the provider does), refetched when a token names an unknown `kid` (key rotation, at most once
 * per cooldown); the issuer, the audience, the allowed algorithms and the lifetime with the clock skew allowed.
 */
export class AccessTokenVerifier {
  private readonly logger = new Logger(AccessTokenVerifier.name);
  private keys?: Promise<ReturnType<typeof createRemoteJWKSet>>;
  private readonly verified = new Map<string, Verified>();

  constructor(private readonly settings: IdentitySettings) {}

  async verify(token: string | undefined): Promise<Principal> {
    if (!token) throw new InvalidAccessToken('an access token is required (Authorization: Bearer …)', false);
    const keySet = await this.keySet();
    const remembered = await this.remembered(token, keySet);
    if (remembered) return remembered;
    let payload: Record<string, unknown>;
    let key: KeyLike | Uint8Array;
    try {
      ({ payload, key } = await jwtVerify(token, keySet, {
        issuer: this.settings.issuer,
        audience: this.settings.audience,
        algorithms: this.settings.algorithms,
        clockTolerance: this.settings.clockToleranceSeconds,
        requiredClaims: ['sub', 'exp'],
      }));
    } catch (err) {
      const description = describe(err);
      if (description) throw new InvalidAccessToken(description);
      throw this.unreachable(err);
    }
    let principal: Principal;
    try {
      principal = principalFrom(payload, this.settings);
    } catch (err) {
      if (err instanceof UnusableToken) throw new InvalidAccessToken(err.description);
      throw err;
    }
    this.remember(token, { principal, key, until: Math.min(Date.now() + VERIFIED_MAX_MS, Number(payload.exp) * 1000) });
    return principal;
  }

  /**
   * The caller of a token verified moments ago, while it has not expired (no clock tolerance) and the key that
   * verified it is still the key set's: an RSA signature check and the claims' again each cost more than this.
   */
  private async remembered(token: string, keySet: JWTVerifyGetKey): Promise<Principal | undefined> {
    const hit = this.verified.get(token);
    if (!hit) return undefined;
    if (hit.until <= Date.now()) {
      this.verified.delete(token);
      return undefined;
    }
    try {
      if (
        (await keySet(decodeProtectedHeader(token) as JWTHeaderParameters, { payload: '', signature: '' })) === hit.key
      )
        return hit.principal;
    } catch {
      // No current key for it (retired): the full check below says so.
    }
    this.verified.delete(token);
    return undefined;
  }

  private remember(token: string, verified: Verified): void {
    if (this.verified.size >= VERIFIED_MAX) {
      const oldest = this.verified.keys().next().value;
      if (oldest !== undefined) this.verified.delete(oldest);
    }
    this.verified.set(token, verified);
  }

  private keySet(): Promise<ReturnType<typeof createRemoteJWKSet>> {
    this.keys ??= this.jwksUrl().then((url) =>
      createRemoteJWKSet(url, {
        timeoutDuration: FETCH_TIMEOUT_MS,
        cooldownDuration: this.settings.jwksCooldownSeconds * 1000,
      }),
    );
    // A failed discovery is tried again by the next request.
    void this.keys.catch(() => (this.keys = undefined));
    return this.keys;
  }

  private async jwksUrl(): Promise<URL> {
    if (this.settings.jwksUrl) return new URL(this.settings.jwksUrl);
    const issuer = this.settings.issuer;
    const response = await fetch(`${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`, {
      signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
    });
    if (!response.ok) throw new Error(`discovery at ${issuer} answered ${response.status}`);
    const metadata = (await response.json()) as { issuer?: unknown; jwks_uri?: unknown };
    // OpenID Connect Discovery §4.3: the document must name the issuer it was fetched for.
    if (metadata.issuer !== issuer) {
      throw new Error(
        `discovery at ${issuer} names another issuer (${String(metadata.issuer)}): check OIDC_ISSUER_URL`,
      );
    }
    if (typeof metadata.jwks_uri !== 'string') throw new Error(`discovery at ${issuer} gives no jwks_uri`);
    return new URL(metadata.jwks_uri);
  }

  /** The provider could not be asked (down, slow, misconfigured): logged here, a bare 503 for the caller. */
  private unreachable(err: unknown): TemporarilyUnavailable {
    this.logger.warn(`cannot check access tokens: ${err instanceof Error ? err.message : String(err)}`);
    return new TemporarilyUnavailable('access tokens cannot be checked now: the identity provider is unreachable', 5);
  }
}
