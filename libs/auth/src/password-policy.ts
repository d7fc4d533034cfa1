/**
 * The password policy, one function for every place a password is chosen
 * (creating a user, resetting a password): long enough, not the user name,
 * not one of the ~49,000 most common passwords (the list shipped with
 * @zxcvbn-ts/language-common), not one character repeated.
 */
import { dictionary } from '@zxcvbn-ts/language-common';

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 200;
export const MIN_DISTINCT_CHARACTERS = 5;

let common: Set<string> | undefined;
function commonPasswords(): Set<string> {
  common ??= new Set((dictionary['passwords-common'] as string[]).map((p) => p.toLowerCase()));
  return common;
}

/** Lower-cased, full-width forms folded (ｐａｓｓ → pass), so look-alikes of a listed password are caught too. */
function fold(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

/**
 * What is wrong with this password for this user; empty when it may be used.
 * Each problem names the field and says what to do instead.
 */
export function passwordProblems(username: string, password: string): string[] {
  const problems: string[] = [];
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH || length > MAX_PASSWORD_LENGTH) {
    problems.push(`password: ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters (got ${length}); a short sentence is easy to remember and hard to guess`);
  }
  const folded = fold(password);
  const name = fold(username.trim());
  if (name.length >= 3 && (folded.includes(name) || folded.includes([...name].reverse().join('')))) {
    problems.push('password: must not contain the user name; choose something unrelated to it');
  }
  if (new Set(folded).size < MIN_DISTINCT_CHARACTERS) {
    problems.push(`password: needs at least ${MIN_DISTINCT_CHARACTERS} different characters; do not repeat one or two characters`);
  }
  const list = commonPasswords();
  const stripped = folded.replace(/[\d\W_]+$/u, '');
  if (list.has(folded) || (stripped.length >= 4 && list.has(stripped))) {
    problems.push('password: is one of the most common passwords and is guessed first; choose a less common one');
  }
  return problems;
}
