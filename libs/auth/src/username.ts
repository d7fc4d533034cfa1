/**
 * The one normal form of a user name, used both for finding the user and for
 * the login attempt budget. User names are ASCII (letters, digits, . _ @ -),
 * so the normal form lower-cases ASCII letters only: JavaScript's and
 * Postgres's lower() disagree outside ASCII (U+0130 'İ' is 'i̇' to one and
 * 'i' to the other), and a name with any other character names no user.
 */
export const USERNAME_PATTERN = /^[A-Za-z0-9._@-]{3,64}$/;

export function normaliseUsername(raw: string): string {
  return raw.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

/** Whether a (normalised or raw) name could name a user at all. */
export function isPossibleUsername(raw: string): boolean {
  return USERNAME_PATTERN.test(raw);
}
