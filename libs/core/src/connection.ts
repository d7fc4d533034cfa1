/** Page arguments of Relay connections, checked against the limits of docs/api.md. */
import { InputError, InputErrorReason } from './errors.js';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

export function checkPageSize(first: number | null | undefined, max = MAX_PAGE_SIZE, def = DEFAULT_PAGE_SIZE): number {
  if (first === null || first === undefined) return def;
  if (!Number.isInteger(first) || first < 1 || first > max) {
    throw new InputError(InputErrorReason.INVALID_PAGE, `first: must be an integer from 1 to ${max}, got ${first}`, 'first');
  }
  return first;
}

/** Cursors are opaque to clients: base64url of a JSON array of sort keys. */
export function encodeCursor(keys: unknown[]): string {
  return Buffer.from(JSON.stringify(keys)).toString('base64url');
}

export function decodeCursor(cursor: string | null | undefined, field = 'after'): unknown[] | undefined {
  if (cursor === null || cursor === undefined || cursor === '') return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value)) return value;
  } catch {
    /* reported below */
  }
  throw new InputError(InputErrorReason.INVALID_CURSOR, `${field}: not a cursor this server gave out`, field);
}
