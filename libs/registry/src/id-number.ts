/**
 * The resident ID number (公民身份号码, GB 11643-1999): 17 digits and a check
 * character computed as ISO 7064 MOD 11-2 (weights 2^(17-i) mod 11, check
 * value (12 - sum mod 11) mod 11, 10 written X).
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

export type IdNumberProblem = 'FORMAT' | 'CHECK_DIGIT' | 'BIRTH_DATE';

/** The check character for the first 17 digits. */
export function idCheckCharacter(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new Error('idCheckCharacter: 17 digits expected');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK[sum % 11]!;
}

/** Upper-case, no spaces: the form that is hashed, encrypted and compared. */
export function normalizeIdNumber(input: string): string {
  return input.replace(/\s+/g, '').toUpperCase();
}

/** null when the number is valid; else what is wrong with it. */
export function idNumberProblem(input: string): IdNumberProblem | null {
  const id = normalizeIdNumber(input);
  if (!/^\d{17}[\dX]$/.test(id)) return 'FORMAT';
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return 'BIRTH_DATE';
  if (idCheckCharacter(id.slice(0, 17)) !== id[17]) return 'CHECK_DIGIT';
  return null;
}

/** The birth date the number carries (YYYY-MM-DD); call on a valid number. */
export function idBirthDate(id: string): string {
  const n = normalizeIdNumber(id);
  return `${n.slice(6, 10)}-${n.slice(10, 12)}-${n.slice(12, 14)}`;
}

/** Masks a phone number for lists: 138****5678. */
export function maskPhone(phone: string): string {
  const p = phone.replace(/\s+/g, '');
  if (p.length <= 7) return '*'.repeat(p.length);
  return `${p.slice(0, 3)}${'*'.repeat(p.length - 7)}${p.slice(-4)}`;
}
