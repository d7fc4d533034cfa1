import { availableParallelism } from 'node:os';
import * as argon2 from '@node-rs/argon2';
import { AuthError, AuthErrorReason } from './auth.errors.js';

/** At most this many argon2 hashes or checks run at once in a process; the rest wait their turn. */
export const ARGON2_CONCURRENCY = Math.max(1, Math.min(4, availableParallelism() - 1));
/** Beyond this many waiting, a login is refused as busy rather than queued (memory and time stay bounded). */
export const ARGON2_MAX_WAITING = 200;

let running = 0;
let done = 0;
const waiting: (() => void)[] = [];

async function limited<T>(work: () => Promise<T>): Promise<T> {
  if (running >= ARGON2_CONCURRENCY) {
    if (waiting.length >= ARGON2_MAX_WAITING) {
      throw new AuthError(AuthErrorReason.BUSY, 'the server is busy checking passwords; try again in a few seconds');
    }
    await new Promise<void>((resolve) => waiting.push(resolve));
  } else {
    running++;
  }
  try {
    return await work();
  } finally {
    done++;
    const next = waiting.shift();
    if (next) next();
    else running--;
  }
}

/** argon2id, bounded by ARGON2_CONCURRENCY. */
export function hashPassword(password: string): Promise<string> {
  return limited(() => argon2.hash(password));
}

export function verifyPassword(hash: string, password: string): Promise<boolean> {
  return limited(() => argon2.verify(hash, password));
}

/** How many argon2 operations are running and waiting now, and how many ran so far (for tests and health). */
export function passwordHashingLoad(): { running: number; waiting: number; done: number } {
  return { running, waiting: waiting.length, done };
}
