import { setupProblems, type SetupInput } from './setup.rules.js';

const KNOWN = new Set(['52', '63', '64']);
const ok: SetupInput = { username: 'admin', password: 'kite harbor lantern 1987', provinces: ['52'] };

describe('setupProblems', () => {
  it.each<[string, Partial<SetupInput>, string[]]>([
    ['a good input', {}, []],
    ['several provinces, the first being the administrator’s', { provinces: ['64', '52', '63'] }, []],
    ['no province', { provinces: [] }, ['provinces']],
    ['a code of no province', { provinces: ['99'] }, ['provinces']],
    ['a code of the wrong shape', { provinces: ['5'] }, ['provinces']],
    ['a 12-digit code', { provinces: ['520000000000'] }, ['provinces']],
    ['a province twice', { provinces: ['52', '52'] }, ['provinces']],
    ['a weak password', { password: 'password' }, ['password']],
    ['a password holding the username', { password: 'admin-kite-harbor' }, ['password']],
    ['a username with a space', { username: 'a b' }, ['username']],
    ['everything wrong at once', { username: 'x', password: 'x', provinces: [] }, ['username', 'password', 'provinces']],
  ])('%s', (_, change, fields) => {
    const problems = setupProblems({ ...ok, ...change }, KNOWN);
    expect([...new Set(problems.map((p) => p.field))]).toEqual(fields);
    for (const p of problems) expect(p.message.startsWith(`${p.field}:`)).toBe(true);
  });

  it('quotes at most 20 characters of a bad code', () => {
    const [p] = setupProblems({ ...ok, provinces: ['9'.repeat(10_000)] }, KNOWN);
    expect(p!.message.length).toBeLessThan(200);
  });
});
