import { passwordProblems } from './password-policy.js';

describe('the password policy', () => {
  it.each<[string, string, string, RegExp | null]>([
    ['a long unusual sentence', 'zhang.san', '山里的孩子 walk 7 km to school', null],
    ['a long random string', 'zhang.san', 'Vq8#mT2!pLx9', null],
    ['too short', 'zhang.san', 'Vq8#mT2!', /10 to 200 characters \(got 8\)/],
    ['exactly ten characters', 'zhang.san', 'Vq8#mT2!pL', null],
    ['too long', 'zhang.san', 'Vq8#mT2!pL'.repeat(21), /10 to 200 characters \(got 210\)/],
    ['ten times one letter', 'zhang.san', 'aaaaaaaaaa', /different characters/],
    ['two letters alternating', 'zhang.san', 'abababababab', /different characters/],
    ['equal to the user name', 'administrator', 'administrator', /user name/],
    ['the user name in other case', 'Zhang.San.Office', 'ZHANG.SAN.OFFICE', /user name/],
    ['the user name with digits', 'zhang.san', 'zhang.san2026!', /user name/],
    ['the user name reversed', 'zhangsan99', '99nasgnahz-x', /user name/],
    ['a listed common password', 'zhang.san', '1234567890', /most common/],
    ['a listed one in capitals', 'zhang.san', 'QWERTYUIOP', /most common/],
    ['a listed one with digits added', 'zhang.san', 'password2026!', /most common/],
    ['a listed one in full-width letters', 'zhang.san', 'ｉｌｏｖｅｙｏｕ１２３', /most common/],
  ])('%s', (_what, username, password, problem) => {
    const problems = passwordProblems(username, password);
    if (problem === null) expect(problems).toEqual([]);
    else expect(problems).toEqual(expect.arrayContaining([expect.stringMatching(problem)]));
    for (const p of problems) expect(p).toMatch(/^password: /);
  });
});
