/**
 * The one way a test waits: for an event (a row written, a job done, a
 * process listening), asked again every few ms until it has happened. The
 * limit is a net for a test that would otherwise hang, never a measure: it is
 * generous (two minutes unless said), and running out of it is a failure that
 * names what did not happen and, if asked, the state that was seen last.
 */
export interface WaitOptions {
  /** How long before giving up (ms); default 120 s. */
  limitMs?: number;
  /** How often to ask (ms); default 25. */
  everyMs?: number;
  /** What to print of the state when the wait fails. */
  state?: () => unknown | Promise<unknown>;
}

export async function waitUntil(what: string, check: () => boolean | Promise<boolean>, opts: WaitOptions = {}): Promise<void> {
  const limit = opts.limitMs ?? 120_000;
  const started = Date.now();
  for (;;) {
    if (await check()) return;
    if (Date.now() - started > limit) {
      const state = opts.state ? ` Last seen: ${JSON.stringify(await opts.state())}` : '';
      throw new Error(`waited ${Math.round(limit / 1000)} s for ${what}, and it did not happen.${state}`);
    }
    await new Promise((r) => setTimeout(r, opts.everyMs ?? 25));
  }
}

/** Like waitUntil, for a value: asks `read` until `ok(value)` holds, and returns that value. */
export async function waitForValue<T>(what: string, read: () => T | Promise<T>, ok: (value: T) => boolean, opts: Omit<WaitOptions, 'state'> = {}): Promise<T> {
  let last: T | undefined;
  await waitUntil(
    what,
    async () => {
      last = await read();
      return ok(last);
    },
    { ...opts, state: () => last },
  );
  return last!;
}

/**
 * Runs `attempt` (which must start afresh each time: a new user, a new key)
 * until one run falls inside one minute of the wall clock, as the per-minute
 * quotas count; a run that a minute's turn split is run again, at most three
 * times. The test waits for nothing: it only discards a run the clock cut.
 */
export async function withinOneMinute<T>(attempt: () => Promise<T>): Promise<T> {
  for (let run = 1; ; run++) {
    const minute = Math.floor(Date.now() / 60_000);
    const result = await attempt();
    if (Math.floor(Date.now() / 60_000) === minute || run === 3) return result;
  }
}
