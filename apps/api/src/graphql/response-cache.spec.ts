import { parse, type OperationDefinitionNode } from 'graphql';
import { cacheableUnitMonths, scopeOf } from './response-cache.js';
import { Role, type Actor } from '@carenet/core';

function monthsOf(query: string, variables?: Record<string, unknown>) {
  return cacheableUnitMonths(parse(query).definitions[0] as OperationDefinitionNode, variables);
}

describe('which answers may be kept', () => {
  it.each([
    ['{ stats(unitCode: "52", period: "2026-10") { values { indicator value } } }', undefined, [{ unitCode: '52', period: '2026-10' }]],
    [
      'query($u: ID!, $p: Period!) { stats(unitCode: $u, period: $p) { values { indicator value } completeness { expected submitted approved onTime } } statsBreakdown(unitCode: $u, period: $p) { unit { code name } values { value } } }',
      { u: '5201', p: '2026-09' },
      [{ unitCode: '5201', period: '2026-09' }, { unitCode: '5201', period: '2026-09' }],
    ],
    // anything beyond the statistics' own figures and the unit's names is not kept
    ['{ stats(unitCode: "52", period: "2026-10") { values { value } } me { name } }', undefined, undefined],
    ['{ statsBreakdown(unitCode: "52", period: "2026-10") { unit { code children(first: 5) { totalCount } } } }', undefined, undefined],
    ['{ statsBreakdown(unitCode: "52", period: "2026-10") { unit { report(period: "2026-10") { status } } } }', undefined, undefined],
    ['{ stats(unitCode: "52", period: "2026-10") { derived { monitoredChildren } } }', undefined, undefined],
    ['{ stats(unitCode: "52", period: "2026-10") { completeness { missing(first: 5) { totalCount } } } }', undefined, undefined],
    ['{ stats(unitCode: "52", period: "2026-10") { ...F } } fragment F on Stats { values { value } }', undefined, undefined],
    ['{ stats(unitCode: "52", period: "2026-10") @include(if: true) { values { value } } }', undefined, undefined],
    ['mutation { stats(unitCode: "52", period: "2026-10") { values { value } } }', undefined, undefined],
    ['{ timeSeries(unitCode: "52", indicator: "HOME_VISITS", from: "2026-01", to: "2026-10") { value } }', undefined, undefined],
    // a unit or month not given (a variable left out): the request fails on its own, nothing is kept
    ['query($u: ID!) { stats(unitCode: $u, period: "2026-10") { values { value } } }', {}, undefined],
  ])('%s', (query, variables, expected) => {
    expect(monthsOf(query, variables)).toEqual(expected);
  });
});

describe('the caller’s scope in the key', () => {
  const actor = (over: Partial<Actor>): Actor => ({ kind: 'user', id: 1, name: 'a', roles: [Role.VIEWER], unitId: 3, unitPathIds: [1, 2, 3], lineageUnitIds: [], ...over });
  it.each([
    ['another unit', actor({ unitPathIds: [1, 2, 4], unitId: 4 })],
    ['another role', actor({ roles: [Role.CLERK] })],
    ['a unit it continues', actor({ lineageUnitIds: [9] })],
    ['an API key', actor({ kind: 'apiKey' })],
  ])('differs for %s', (_what, other) => {
    expect(scopeOf(other)).not.toBe(scopeOf(actor({})));
  });

  it('is the same for two users of the same scope, whatever the order of their roles', () => {
    expect(scopeOf(actor({ id: 2, name: 'b', roles: [Role.CLERK, Role.VIEWER] }))).toBe(scopeOf(actor({ roles: [Role.VIEWER, Role.CLERK] })));
  });
});
