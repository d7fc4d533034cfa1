import { Role, type Actor, type UnitRef } from '@carenet/core';
import { isImportJobId, mayReadImportJob, progressDue, type ProgressMark } from './import-job.js';

// province 1 > city 2 > county 3 (the job's unit) ; county 30 elsewhere
const county: UnitRef = { id: 3, code: '520102000000', depth: 3, pathIds: [1, 2, 3] };
const actor = (kind: Actor['kind'], id: number | string, roles: Role[], unitPathIds: number[]): Actor => ({
  kind,
  id,
  name: String(id),
  roles,
  unitId: unitPathIds[unitPathIds.length - 1]!,
  unitPathIds,
});

describe('who may read an import job', () => {
  it.each<[string, Actor, boolean]>([
    ['the clerk who started it', actor('user', 7, [Role.CLERK], [1, 2, 3]), true],
    ['another clerk of the same county', actor('user', 8, [Role.CLERK], [1, 2, 3]), false],
    ['an approver of the county', actor('user', 9, [Role.APPROVER], [1, 2]), false],
    ['an administrator of the city above', actor('user', 10, [Role.ADMIN], [1, 2]), true],
    ['an administrator of the county itself', actor('user', 11, [Role.ADMIN], [1, 2, 3]), true],
    ['an administrator of another county', actor('user', 12, [Role.ADMIN], [1, 2, 30]), false],
    ['an API key with the same number as the user', actor('apiKey', '7', [Role.VIEWER], [1]), false],
  ])('%s: %s', (_who, who, expected) => {
    expect(mayReadImportJob(who, { actorKind: 'user', actorId: '7', unit: county })).toBe(expected);
  });
});

describe('when progress is written', () => {
  const pace = { rows: 100, ms: 500 };
  it.each<[string, ProgressMark | undefined, number, number, number, boolean]>([
    ['the first count (the total is known)', undefined, 0, 1000, 0, true],
    ['a few rows soon after', { done: 0, at: 0 }, 10, 1000, 100, false],
    ['a hundred rows', { done: 0, at: 0 }, 100, 1000, 100, true],
    ['a few rows after half a second', { done: 10, at: 0 }, 11, 1000, 500, true],
    ['no new row after half a second', { done: 10, at: 0 }, 10, 1000, 5000, false],
    ['the last row', { done: 990, at: 0 }, 1000, 1000, 1, true],
    ['the last row again', { done: 1000, at: 0 }, 1000, 1000, 9000, false],
    ['an empty file', undefined, 0, 0, 0, true],
  ])('%s', (_case, last, done, total, now, expected) => {
    expect(progressDue(last, done, total, now, pace)).toBe(expected);
  });
});

describe('job ids', () => {
  it.each<[string, boolean]>([
    ['6f1c2a5e-8a3b-4c1d-9e2f-0123456789ab', true],
    ['6F1C2A5E-8A3B-4C1D-9E2F-0123456789AB', true],
    ['42', false],
    ["6f1c2a5e-8a3b-4c1d-9e2f-0123456789ab' OR 1=1", false],
    ['', false],
  ])('%s', (id, expected) => expect(isImportJobId(id)).toBe(expected));
});
