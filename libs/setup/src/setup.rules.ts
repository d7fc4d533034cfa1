/**
 * What the first-run setup accepts, as plain rules (setup.rules.spec.ts).
 * The administrator's username and password follow the same rules as every
 * user's (auth's password policy); this file adds the provinces.
 */
import type { Violation } from '@carenet/core';
import { isPossibleUsername, passwordProblems } from '@carenet/auth';

export interface SetupInput {
  username: string;
  password: string;
  /** 2-digit province codes; the first is the administrator's own province. */
  provinces: string[];
}

/** Every problem of the input, each naming its field and rule; none means it may go ahead. */
export function setupProblems(input: SetupInput, known: ReadonlySet<string>): Violation[] {
  const out: Violation[] = [];
  if (!isPossibleUsername(input.username)) out.push({ rule: 'USERNAME', field: 'username', message: 'username: 3 to 64 letters, digits or . _ @ -' });
  for (const p of passwordProblems(input.username, input.password)) out.push({ rule: 'PASSWORD', field: 'password', message: p });
  if (input.provinces.length === 0) out.push({ rule: 'PROVINCES', field: 'provinces', message: 'provinces: choose at least one province to load' });
  const seen = new Set<string>();
  for (const code of input.provinces) {
    if (!/^\d{2}$/.test(code) || !known.has(code)) {
      out.push({ rule: 'PROVINCES', field: 'provinces', message: `provinces: '${code.slice(0, 20)}' is not the 2-digit code of a province of the tree (11 to 65)` });
    } else if (seen.has(code)) {
      out.push({ rule: 'PROVINCES', field: 'provinces', message: `provinces: ${code} is chosen twice` });
    }
    seen.add(code);
  }
  return out;
}

export type SetupProvinceStatus = 'WAITING' | 'LOADING' | 'DONE' | 'FAILED';

export interface SetupProvince {
  province: string;
  name: string;
  status: SetupProvinceStatus;
  /** 'read' or 'insert' while loading. */
  phase: string | null;
  done: number;
  total: number | null;
  error: string | null;
}
