/** GraphQL over fetch for the suite's setup and for the steps a test takes through the API. */
export async function gql<T = any>(url: string, token: string | null, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const r = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await r.json()) as { data?: T; errors?: { message: string; extensions?: unknown }[] };
  if (body.errors?.length) throw new Error(`${query.slice(0, 60)}…: ${JSON.stringify(body.errors)}`);
  return body.data as T;
}

export async function login(url: string, username: string, password: string): Promise<string> {
  const d = await gql<{ login: { token: string } }>(url, null, `mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }`, { u: username, p: password });
  return d.login.token;
}

export function shift(period: string, months: number): string {
  const [y, m] = period.split('-').map(Number);
  const d = new Date(Date.UTC(y!, m! - 1 + months, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** The month now due (the last that has ended), as the app's month picker defaults to. */
export function duePeriodUtc(now = new Date()): string {
  return shift(`${now.getUTCFullYear()}-${String(now.getUTCMonth() + 1).padStart(2, '0')}`, -1);
}
