import { createContext, useCallback, useContext, useMemo, type ReactNode } from 'react';
import { useQuery } from 'urql';
import { graphql } from '../gql';
import type { MeQuery } from '../gql/graphql';
import { getToken, setToken } from '../lib/session';

export const MeDocument = graphql(`
  query Me {
    me {
      kind
      name
      roles
      mustChangePassword
      fileCapabilities
      unit {
        code
        name
        level
      }
    }
  }
`);

export type Viewer = MeQuery['me'];

interface Session {
  viewer: Viewer | null;
  loading: boolean;
  signIn(token: string): void;
  signOut(): void;
}

const Ctx = createContext<Session | null>(null);

export function SessionProvider({ children, onChange }: { children: ReactNode; onChange: () => void }) {
  const token = getToken();
  // each sign-in has a client of its own (an empty cache), so the first answer is the session's: the one asked for as the app started (./start)
  const [{ data, fetching, error }] = useQuery({ query: MeDocument, pause: !token, requestPolicy: 'cache-first' });
  if (error && token && error.graphQLErrors.some((e) => e.extensions?.code === 'UNAUTHENTICATED')) setToken(null);
  const signIn = useCallback(
    (t: string) => {
      setToken(t);
      onChange();
    },
    [onChange],
  );
  const signOut = useCallback(() => {
    setToken(null);
    onChange();
  }, [onChange]);
  const value = useMemo<Session>(() => ({ viewer: token ? (data?.me ?? null) : null, loading: !!token && fetching && !data, signIn, signOut }), [token, data, fetching, signIn, signOut]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useSession(): Session {
  const v = useContext(Ctx);
  if (!v) throw new Error('SessionProvider missing');
  return v;
}

export function hasRole(viewer: Viewer | null, role: string): boolean {
  return !!viewer?.roles.includes(role as never);
}

/** Who gets the registry's names (lists, monitoring lists): the server says (Viewer.fileCapabilities). */
export function seesChildFiles(viewer: Viewer | null): boolean {
  return !!viewer?.fileCapabilities.includes('LIST' as never);
}

/** Who may open a child's full file: the files' keepers and the county's administrators, as the server says. */
export function opensChildFiles(viewer: Viewer | null): boolean {
  return !!viewer?.fileCapabilities.includes('OPEN' as never);
}
