import { parse, type OperationDefinitionNode } from 'graphql';
import { cacheableUnitMonths, responseCachePlugin, scopeOf, stringifyResult } from './response-cache.js';
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

describe('the text of an answer', () => {
  const data = { stats: { values: [{ indicator: 'HOME_VISITS', value: 7 }], completeness: null }, statsBreakdown: [{ unit: { code: '520100000000', name: '贵阳市' } }] };

  async function keep(answer: Record<string, unknown>): Promise<void> {
    const plugin = responseCachePlugin({ version: () => Promise.resolve('v1') });
    const listener = (await plugin.requestDidStart!({} as never))!;
    const operation = parse('{ stats(unitCode: "52", period: "2026-10") { values { indicator value } } }').definitions[0];
    const rc = { contextValue: { actor: { kind: 'user', id: 1, roles: ['VIEWER'], unitPathIds: [1] } }, operation, request: {}, source: 'q', response: { http: {}, body: { kind: 'single', singleResult: { data: answer } } } };
    await listener.responseForOperation!(rc as never);
    await listener.willSendResponse!(rc as never);
  }

  it.each([
    [{ data }],
    [{ data, extensions: { rollupVersion: '0/16B3748' } }],
    [{ data, errors: [{ message: 'no' }] }],
    [{ data: null, errors: [{ message: 'no' }] }],
    [{ errors: [{ message: 'no' }] }],
  ])('is JSON.stringify’s, with a new line, for a kept answer and any other: %j', async (result) => {
    await keep(data);
    const r = result as { errors?: unknown; data?: unknown; extensions?: unknown };
    const ordered = { errors: r.errors, data: r.data, extensions: r.extensions };
    expect(stringifyResult(ordered as never)).toBe(`${JSON.stringify(ordered)}\n`);
    expect(stringifyResult(ordered as never)).toBe(`${JSON.stringify(ordered)}\n`);
  });

  it('is the same for an answer that is not kept', () => {
    const other = { data: { stats: { values: [] } } };
    expect(stringifyResult(other)).toBe(`${JSON.stringify(other)}\n`);
  });
});
