/**
 * Asks `check` every `intervalMs` until it answers true (true) or `timeoutMs`
 * has passed (false): for a process waiting on a service that is still
 * starting (the worker's first heartbeat, the local services of the tools).
 */
export async function waitFor(check: () => Promise<boolean>, timeoutMs: number, intervalMs = 100): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  return false;
}
