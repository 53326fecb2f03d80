import type { Request } from 'express';
import { csrfProblem, consoleOriginOf, cookieValue } from './console-http';
import { ConsoleSessions, safeReturnTo, sameToken } from './console-sessions';

const ORIGINS = ['http://127.0.0.1:3000', 'http://localhost:3000'];
const user = { actor: 'carlos.mendez', roles: ['secretariat' as const], dependencyIds: [], permissions: [] };

function request(method: string, headers: Record<string, string> = {}): Request {
  return { method, headers } as unknown as Request;
}

describe(ConsoleSessions.name, () => {
  it('ends a session when its access token expires', () => {
    let now = 1_000;
    const sessions = new ConsoleSessions(() => now);
    const session = sessions.open({ accessToken: 'a', expiresAt: 2_000 }, user);
    expect(sessions.find(session.id)?.accessToken).toBe('a');
    now = 2_000;
    expect(sessions.find(session.id)).toBeUndefined();
  });

  it('finishes a sign-in once: a replayed callback finds nothing', () => {
    const sessions = new ConsoleSessions(() => 0);
    sessions.begin({ state: 's', nonce: 'n', codeVerifier: 'v', redirectUri: 'r', returnTo: '/console/' });
    expect(sessions.finish('s')?.codeVerifier).toBe('v');
    expect(sessions.finish('s')).toBeUndefined();
  });

  it('forgets a sign-in left unfinished for ten minutes', () => {
    let now = 0;
    const sessions = new ConsoleSessions(() => now);
    sessions.begin({ state: 's', nonce: 'n', codeVerifier: 'v', redirectUri: 'r', returnTo: '/console/' });
    now = 10 * 60_000;
    expect(sessions.finish('s')).toBeUndefined();
  });

  it('gives each session its own random id and CSRF token', () => {
    const sessions = new ConsoleSessions();
    const a = sessions.open({ accessToken: 'a', expiresAt: Date.now() + 60_000 }, user);
    const b = sessions.open({ accessToken: 'b', expiresAt: Date.now() + 60_000 }, user);
    expect(new Set([a.id, b.id, a.csrfToken, b.csrfToken]).size).toBe(4);
    expect(a.id).toMatch(/^[\w-]{43}$/);
    expect(sessions.close(a.id)?.accessToken).toBe('a');
    expect(sessions.find(a.id)).toBeUndefined();
  });
});

describe('the console HTTP rules', () => {
  const session = new ConsoleSessions().open({ accessToken: 't', expiresAt: Date.now() + 60_000 }, user);

  it('lets safe methods through without a CSRF token', () => {
    expect(csrfProblem(request('GET'), session, ORIGINS)).toBeUndefined();
  });

  it('refuses an unsafe request without the session CSRF token, or with another', () => {
    expect(csrfProblem(request('POST'), session, ORIGINS)).toMatch(/CSRF token/);
    expect(csrfProblem(request('POST', { 'x-csrf-token': 'guess' }), session, ORIGINS)).toMatch(/CSRF token/);
    expect(csrfProblem(request('POST', { 'x-csrf-token': session.csrfToken }), session, ORIGINS)).toBeUndefined();
  });

  it('refuses an unsafe request from another origin, even with the token', () => {
    const headers = { 'x-csrf-token': session.csrfToken, origin: 'https://evil.example' };
    expect(csrfProblem(request('DELETE', headers), session, ORIGINS)).toMatch(/another site/);
  });

  it('sends the browser back to console pages only after sign-in (no open redirect)', () => {
    expect(safeReturnTo('/console/mandates/ag-res-1-p1?x=1')).toBe('/console/mandates/ag-res-1-p1?x=1');
    for (const bad of ['https://evil.example/', '//evil.example/console/', '/docs', '/console//evil', 42, undefined]) {
      expect(safeReturnTo(bad)).toBe('/console/');
    }
  });

  it('compares tokens whatever their lengths', () => {
    expect(sameToken('abc', 'abc')).toBe(true);
    expect(sameToken('abc', 'abcd')).toBe(false);
    expect(sameToken(undefined, 'abc')).toBe(false);
  });

  it('reads its cookie among others, and answers on the origin the browser came to', () => {
    expect(cookieValue(request('GET', { cookie: 'a=1; mandate-console=xyz%3D; b=2' }), 'mandate-console')).toBe('xyz=');
    expect(consoleOriginOf(request('GET', { host: 'localhost:3000' }), ORIGINS)).toBe('http://localhost:3000');
    expect(consoleOriginOf(request('GET', { host: 'evil.example' }), ORIGINS)).toBe('http://127.0.0.1:3000');
  });
});
