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
  /** Where the version of a kept answer (the response cache) was read: its answer reflects at least that. */
  versionReadAt?: bigint;
  constructor(public atLeast: bigint = 0n) {}

  /**
   * The request read something its answer depends on at this log position (the version a kept answer is
   * looked up by): every statistics read after it must reflect at least that much, from wherever it comes.
   */
  readAt(position: bigint): void {
    if (this.versionReadAt === undefined || position > this.versionReadAt) this.versionReadAt = position;
    if (position > this.atLeast) this.atLeast = position;
  }
}

const scopes = new AsyncLocalStorage<ReadScope>();

export function runWithReadScope<T>(scope: ReadScope, fn: () => T): T {
  return scopes.run(scope, fn);
}

export function currentReadScope(): ReadScope | undefined {
  return scopes.getStore();
}

/** The log position SQL of whichever server answers: the replica's replay position, or the primary's current one. */
export const LOG_POSITION_SQL = `(CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn() ELSE pg_current_wal_lsn() END)::text`;

/** Whether a read made at this log position reflects at least what the current request must see. */
export function coversReadScope(at: string): boolean {
  const position = parseRollupVersion(at);
  return position !== null && position >= (currentReadScope()?.atLeast ?? 0n);
}

/** See ReadScope.readAt, for the current request. */
export function readAt(at: string): void {
  const position = parseRollupVersion(at);
  if (position !== null) currentReadScope()?.readAt(position);
}
