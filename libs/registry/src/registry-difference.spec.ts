import { checkRegistryDifference } from './registry-difference.js';

describe('checkRegistryDifference (W4)', () => {
  it.each([
    ['equal figures: nothing', [{ indicator: 'LEFT_BEHIND_CHILDREN', value: 3 }], [{ indicator: 'LEFT_BEHIND_CHILDREN', value: 3 }], []],
    ['one more in the report', [{ indicator: 'LEFT_BEHIND_CHILDREN', value: 4 }], [{ indicator: 'LEFT_BEHIND_CHILDREN', value: 3 }], ['LEFT_BEHIND_CHILDREN']],
    ['one fewer in the report', [{ indicator: 'RISK_RED', value: 0 }], [{ indicator: 'RISK_RED', value: 1 }], ['RISK_RED']],
    ['left out of the report counts as 0', [], [{ indicator: 'RISK_RED', value: 1 }], ['RISK_RED']],
    ['left out and 0 in the registry: nothing', [], [{ indicator: 'RISK_RED', value: 0 }], []],
    ['an indicator the registry does not answer is not compared', [{ indicator: 'CHILD_HOMES', value: 9 }], [], []],
    [
      'every difference, in the registry order',
      [{ indicator: 'RISK_GREEN', value: 1 }, { indicator: 'RISK_RED', value: 5 }],
      [{ indicator: 'RISK_RED', value: 2 }, { indicator: 'RISK_GREEN', value: 2 }, { indicator: 'HOME_VISITS', value: 0 }],
      ['RISK_RED', 'RISK_GREEN'],
    ],
  ])('%s', (_n, values, registry, flagged) => {
    const w = checkRegistryDifference(values, registry);
    expect(w.map((v) => v.indicators![0])).toEqual(flagged);
    for (const v of w) expect(v).toMatchObject({ rule: 'W4', field: v.indicators![0], message: expect.stringContaining("registry's files say") });
  });
});
