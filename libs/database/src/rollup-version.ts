import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The rollup version: a position in the primary's write-ahead log, written
 * as Postgres writes an LSN (`16/B374D848`: two hex numbers, the high and the
 * low 32 bits). Everything committed at or before a version is in every
 * answer given to a client that carries it (see docs/api.md, "Freshness").
 */
export const ROLLUP_VERSION_HEADER = 'x-carenet-rollup-version';

const LSN = /^([0-9A-Fa-f]{1,8})\/([0-9A-Fa-f]{1,8})$/;

/** The version as a number, or null when the text is not an LSN. */
export function parseRollupVersion(text: string): bigint | null {
  const m = LSN.exec(text.trim());
  if (!m) return null;
  return (BigInt(`0x${m[1]}`) << 32n) | BigInt(`0x${m[2]}`);
}

export function formatRollupVersion(version: bigint): string {
  return `${(version >> 32n).toString(16).toUpperCase()}/${(version & 0xffffffffn).toString(16).toUpperCase()}`;
}

/**
 * The version a client sent (the header's value): none is the start of the
 * log (any copy is fresh enough). Several values (a repeated header) count as
 * their highest. Returns an error message naming the header and the rule.
 */
export function requestedRollupVersion(header: string | string[] | undefined): { version: bigint } | { error: string } {
  if (header === undefined) return { version: 0n };
  const values = (Array.isArray(header) ? header : header.split(',')).map((v) => v.trim()).filter((v) => v !== '');
  let highest = 0n;
  for (const v of values) {
    const parsed = parseRollupVersion(v);
    if (parsed === null) {
      return { error: `${ROLLUP_VERSION_HEADER}: a rollup version as the API returned it (a WAL position such as 0/16B3748), got '${v.slice(0, 40)}'` };
    }
    if (parsed > highest) highest = parsed;
  }
  return { version: highest };
}

/**
 * What one request asked for and where its reads went: the version the
 * client has seen (reads must reflect at least that), and whether the
 * primary or the replica answered (the version returned is then taken from
 * the one that did).
 */
export class ReadScope {
  /** The replica's replay position once checked in this request (it only moves forward). */
  replicaAt?: bigint;
  usedPrimary = false;
  usedReplica = false;
  /** Reads that could have gone to the replica and went to the primary (behind, down, slow or failing). */
  fallbacks = 0;
  constructor(readonly atLeast: bigint = 0n) {}
}

const scopes = new AsyncLocalStorage<ReadScope>();

export function runWithReadScope<T>(scope: ReadScope, fn: () => T): T {
  return scopes.run(scope, fn);
}

export function currentReadScope(): ReadScope | undefined {
  return scopes.getStore();
}
