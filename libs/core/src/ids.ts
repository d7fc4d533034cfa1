import { InputError, InputErrorReason } from './errors.js';

/**
 * Ids the API hands out, checked where they come back in, before any
 * statement: an id that no row can have (not a whole number within its
 * column's range, not a UUID) is refused as BAD_USER_INPUT naming the field,
 * never sent to Postgres (which would fail with "out of range" or "invalid
 * input syntax"). A well-formed id that names nothing stays each caller's
 * answer (NOT_FOUND, or null).
 */

/** The columns ids come from: `integer`, `bigint` (whole numbers from 1) and `uuid`. */
export type IdColumn = 'integer' | 'bigint' | 'uuid';

/** The largest id of each whole-number column that JavaScript holds exactly (bigint ids stay far below 2^53). */
export const MAX_ID: Record<'integer' | 'bigint', number> = { integer: 2_147_483_647, bigint: Number.MAX_SAFE_INTEGER };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const WHOLE = /^[1-9][0-9]{0,15}$/;

/** The value as written (an ID argument may be sent as a JSON integer too), for a message. */
function shown(input: unknown): string {
  return (typeof input === 'string' ? input : String(JSON.stringify(input))).slice(0, 40);
}

export function isUuid(input: unknown): input is string {
  return typeof input === 'string' && UUID.test(input);
}

/** A whole-number id (1 up to the column's maximum), written in digits only: else BAD_USER_INPUT naming the field. */
export function parseWholeId(input: unknown, field: string, column: 'integer' | 'bigint' = 'integer'): number {
  const text = typeof input === 'number' && Number.isSafeInteger(input) ? String(input) : input;
  if (typeof text !== 'string' || !WHOLE.test(text) || Number(text) > MAX_ID[column]) {
    throw new InputError(InputErrorReason.INVALID_ID, `${field}: an id is a whole number from 1 to ${MAX_ID[column]}, written in digits, got '${shown(input)}'`, field);
  }
  return Number(text);
}

/** A UUID id (8-4-4-4-12 hexadecimal digits): else BAD_USER_INPUT naming the field. */
export function parseUuid(input: unknown, field: string): string {
  if (!isUuid(input)) throw new InputError(InputErrorReason.INVALID_ID, `${field}: an id is a UUID (8-4-4-4-12 hexadecimal digits), got '${shown(input)}'`, field);
  return input.toLowerCase();
}

/** An id of the given column's kind: the number or the UUID to query with. */
export function parseId(input: unknown, field: string, column: IdColumn): number | string {
  return column === 'uuid' ? parseUuid(input, field) : parseWholeId(input, field, column);
}
