import { Client, cacheExchange, fetchExchange, CombinedError } from '@urql/core';
import { getToken } from './session';

/** One client for the app: same origin as the page (`/graphql`), the token as a Bearer header. */
export function createClient(): Client {
  return new Client({
    url: '/graphql',
    exchanges: [cacheExchange, fetchExchange],
    preferGetMethod: false,
    requestPolicy: 'cache-and-network',
    fetchOptions: () => {
      const token = getToken();
      const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
      return { headers };
    },
  });
}

export interface Violation {
  rule: string;
  indicators?: string[];
  message: string;
}

export interface ApiProblem {
  code: string;
  reason: string;
  message: string;
  violations: Violation[];
}

/** The first GraphQL error of a result, with its `extensions.code` / `reason` / `violations`. */
export function problemOf(error: CombinedError | undefined): ApiProblem | null {
  if (!error) return null;
  const g = error.graphQLErrors[0];
  if (!g) return { code: 'UNAVAILABLE', reason: 'NETWORK', message: error.message, violations: [] };
  const ext = (g.extensions ?? {}) as { code?: string; reason?: string; violations?: Violation[] };
  return { code: ext.code ?? 'INTERNAL_SERVER_ERROR', reason: ext.reason ?? ext.code ?? 'INTERNAL', message: g.message, violations: ext.violations ?? [] };
}
