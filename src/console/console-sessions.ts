import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Permission, Role } from '../auth/policy';

/** Who is signed in, as the console shows them: never the tokens, which stay in the session on the server. */
export interface ConsoleUser {
  actor: string;
  name?: string;
  roles: Role[];
  dependencyIds: string[];
  /** The permissions of src/auth/policy.ts the user holds: the screens show only the commands these allow. */
  permissions: Permission[];
}

export interface ConsoleSession {
  id: string;
  /** Sent back by the SPA in X-CSRF-Token on every unsafe request (synchronizer token). */
  csrfToken: string;
  accessToken: string;
  idToken?: string;
  /** When the access token expires (ms since the epoch); the session ends with it. */
  expiresAt: number;
  user: ConsoleUser;
}

/** A sign-in under way: what the callback checks (state, nonce) and needs (the PKCE verifier). */
export interface PendingSignIn {
  state: string;
  nonce: string;
  codeVerifier: string;
  redirectUri: string;
  returnTo: string;
  expiresAt: number;
}

export const SESSION_COOKIE = 'mandate-console';
export const SIGN_IN_COOKIE = 'mandate-console-sign-in';
export const CSRF_HEADER = 'x-csrf-token';
const SIGN_IN_TTL_MS = 10 * 60_000;
/** Bounds memory against a flood of abandoned sign-ins. */
const MAX_PENDING = 10_000;

export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Constant-time comparison of two tokens (of any length). */
export function sameToken(a: string | undefined, b: string): boolean {
  if (a === undefined) return false;
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** Where the console may send the browser after sign-in: its own pages only (no open redirect). */
export function safeReturnTo(value: unknown): string {
  return typeof value === 'string' && /^\/console\/[\w\-./?=&%]*$/.test(value) && !value.includes('//')
    ? value
    : '/console/';
}

/**
 * The console's sessions and sign-ins in progress, in this process's memory: the tokens never reach the browser,
 * which holds only a random session id in an HttpOnly cookie. A restart signs everyone out; several API replicas
 * need sticky sessions (or a shared store in place of this one).
 */
export class ConsoleSessions {
  private readonly sessions = new Map<string, ConsoleSession>();
  private readonly pending = new Map<string, PendingSignIn>();

  constructor(private readonly now: () => number = Date.now) {}

  begin(signIn: Omit<PendingSignIn, 'expiresAt'>): PendingSignIn {
    this.sweep();
    if (this.pending.size >= MAX_PENDING) this.pending.delete(this.pending.keys().next().value!);
    const started = { ...signIn, expiresAt: this.now() + SIGN_IN_TTL_MS };
    this.pending.set(signIn.state, started);
    return started;
  }

  /** The sign-in this state belongs to, once: a replayed callback finds nothing. */
  finish(state: string): PendingSignIn | undefined {
    const signIn = this.pending.get(state);
    this.pending.delete(state);
    return signIn && signIn.expiresAt > this.now() ? signIn : undefined;
  }

  open(tokens: { accessToken: string; idToken?: string; expiresAt: number }, user: ConsoleUser): ConsoleSession {
    const session: ConsoleSession = { id: randomToken(), csrfToken: randomToken(), ...tokens, user };
    this.sessions.set(session.id, session);
    return session;
  }

  find(id: string | undefined): ConsoleSession | undefined {
    if (id === undefined) return undefined;
    const session = this.sessions.get(id);
    if (session && session.expiresAt <= this.now()) {
      this.sessions.delete(id);
      return undefined;
    }
    return session;
  }

  close(id: string | undefined): ConsoleSession | undefined {
    const session = this.find(id);
    if (id !== undefined) this.sessions.delete(id);
    return session;
  }

  private sweep(): void {
    const now = this.now();
    for (const [state, signIn] of this.pending) if (signIn.expiresAt <= now) this.pending.delete(state);
    for (const [id, session] of this.sessions) if (session.expiresAt <= now) this.sessions.delete(id);
  }
}
