/** The signed-in user's token, kept in localStorage so a reload stays signed in. */
const KEY = 'carenet.token';

export function getToken(): string | null {
  return localStorage.getItem(KEY);
}
export function setToken(token: string | null): void {
  if (token) localStorage.setItem(KEY, token);
  else localStorage.removeItem(KEY);
}
