import { useQuery } from '@tanstack/react-query';
import { createContext, type ReactNode, useContext, useEffect } from 'react';
import { csrfHeaders, setCsrfToken, whenSignedOut } from '../api/client';
import { queryClient } from '../app/query-client';

/** The permissions of the API's policy table (src/auth/policy.ts) the signed-in user holds. */
export type Permission =
  | 'mandate:register'
  | 'mandate:assign'
  | 'mandate:reassign'
  | 'mandate:set-schedule'
  | 'mandate:extend-deadline'
  | 'report:review'
  | 'mandate:close'
  | 'mandate:link'
  | 'follow-up:record'
  | 'report:submit'
  | 'mandate:read'
  | 'notification:read'
  | 'calendar:read'
  | 'audit:history'
  | 'audit:export'
  | 'audit:verify'
  | (string & {});

export interface SessionUser {
  actor: string;
  name?: string;
  roles: string[];
  dependencyIds: string[];
  permissions: Permission[];
}

interface SessionAnswer {
  user: SessionUser;
  csrfToken: string;
  expiresAt: string;
}

export interface Session {
  user: SessionUser;
  can: (permission: Permission) => boolean;
  signOut: () => Promise<void>;
}

const SessionContext = createContext<Session | undefined>(undefined);

async function fetchSession(): Promise<SessionAnswer | null> {
  const response = await fetch('/console/auth/session', { credentials: 'same-origin' });
  if (response.status === 401) return null;
  if (!response.ok) throw new Error(`session: HTTP ${response.status}`);
  return (await response.json()) as SessionAnswer;
}

export function signInUrl(): string {
  const here = window.location.pathname + window.location.search;
  return `/console/auth/login?returnTo=${encodeURIComponent(here)}`;
}

async function signOut(): Promise<void> {
  const response = await fetch('/console/auth/logout', {
    method: 'POST',
    credentials: 'same-origin',
    headers: csrfHeaders(),
  });
  const answer = (await response.json().catch(() => ({}))) as { signOutUrl?: string };
  setCsrfToken(undefined);
  queryClient.clear();
  window.location.assign(answer.signOutUrl ?? '/console/');
}

/** Loads who is signed in; renders `signedOut` when nobody is (or the session ends). */
export function SessionProvider({ children, signedOut }: { children: ReactNode; signedOut: ReactNode }) {
  const { data, isPending, error, refetch } = useQuery({
    queryKey: ['session'],
    queryFn: fetchSession,
    staleTime: 60_000,
  });
  useEffect(() => {
    whenSignedOut(() => void refetch());
  }, [refetch]);
  if (isPending) return null;
  if (error) throw error;
  if (!data) return <>{signedOut}</>;
  setCsrfToken(data.csrfToken);
  const user = data.user;
  const session: Session = { user, can: (p) => user.permissions.includes(p), signOut };
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}
