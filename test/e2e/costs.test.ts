/**
 * Every field that runs code (a root field, a field resolver) counts in the
 * complexity limit for what it does, so that an operation made of many
 * expensive fields is refused before any of them runs: the attack was
 * previewTreeChange × 30 aliases from a county ADMIN, each holding a
 * connection for the whole subtree, which took the pool from other users.
 */
import { readFileSync } from 'node:fs';
import request from 'supertest';
import { formatDocument } from '@urql/core';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import {
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  parse,
  typeFromAST,
  type GraphQLInputType,
  type GraphQLSchema,
  type DocumentNode,
  type OperationDefinitionNode,
} from 'graphql';
import { Role } from '@carenet/core';
import { startTestApi, type TestApi } from '../support/test-app.js';
import { fieldsWithoutCost, resolvesItself } from '../../apps/api/src/graphql/cost.js';
import { LIMITS, operationCost } from '../../apps/api/src/graphql/limits.js';

let api: TestApi;
let schema: GraphQLSchema;
let countyAdmin = '';
let viewer = '';

const TOWNSHIP = '520102016'; // a township of 南明区 (520102)
const PREVIEW = (i: number) => `p${i}: previewTreeChange(input: { kind: RENAME, effective: "2026-07", unitCode: "${TOWNSHIP}", name: "新名${i}" }) { fingerprint summary { kind } }`;

beforeAll(async () => {
  api = await startTestApi({ tree: 'guizhou', env: { CARENET_RATE_LIMIT_PER_MINUTE: '100000' } });
  schema = api.app.get(GraphQLSchemaHost).schema;
  countyAdmin = await api.tokenFor([Role.ADMIN], '520102', 'costs-county-admin');
  viewer = await api.tokenFor([Role.VIEWER], '52', 'costs-viewer');
});
afterAll(async () => {
  await api?.close();
});

describe('the cost of every field', () => {
  it('tells a field resolver from a property of an object already loaded', () => {
    const unit = schema.getType('AdminUnit');
    if (!isObjectType(unit)) throw new Error('AdminUnit is not an object type');
    expect(resolvesItself(unit.getFields().children!, unit, schema)).toBe(true);
    expect(resolvesItself(unit.getFields().parent!, unit, schema)).toBe(true);
    expect(resolvesItself(unit.getFields().code!, unit, schema)).toBe(false);
    expect(resolvesItself(schema.getQueryType()!.getFields().me!, schema.getQueryType()!, schema)).toBe(true);
  });

  it('is declared on every root field and every field resolver (a cost, or COST.FREE for shaping what is loaded)', () => {
    const missing = fieldsWithoutCost(schema);
    if (missing.length > 0) {
      throw new Error(`${missing.length} field(s) run code but declare no cost (complexity: COST.… in the decorator, apps/api/src/graphql/cost.ts):\n${missing.join('\n')}`);
    }
  });

  it('keeps every operation the web app sends under the limit', () => {
    const source = readFileSync(new URL('../../apps/web/src/gql/gql.ts', import.meta.url), 'utf8');
    const texts = [...source.matchAll(/^\s+"((?:\\.|[^"\\])*)": typeof types\.\w+,$/gm)].map((m) => JSON.parse(`"${m[1]}"`) as string);
    expect(texts.length).toBeGreaterThan(20);
    const costs: Record<string, number> = {};
    // an operation's text names its fragments (…ReportFields); their definitions are other entries
    const fragments = texts.filter((t) => /^\s*fragment /.test(t)).join('\n');
    for (const text of texts.filter((t) => !/^\s*fragment /.test(t))) {
      const used = [...text.matchAll(/\.\.\.(\w+)/g)].length > 0 && !/fragment /.test(text);
      // as the web app's client sends it: urql adds __typename to every selection
      const document = formatDocument(parse(used ? `${text}\n${fragments}` : text)) as DocumentNode;
      for (const op of document.definitions.filter((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition')) {
        const variables = Object.fromEntries((op.variableDefinitions ?? []).map((v) => [v.variable.name.value, sample(typeFromAST(schema, v.type as never) as GraphQLInputType)]));
        costs[op.name?.value ?? '(anonymous)'] = operationCost(schema, document, variables, op.name?.value);
      }
    }
    const over = Object.entries(costs).filter(([, c]) => c > LIMITS.maxCost);
    expect(over).toEqual([]);
  });
});

/** A value of an input type (required fields only), for working out what an operation costs. */
function sample(type: GraphQLInputType): unknown {
  if (isNonNullType(type)) return sample(type.ofType);
  if (isListType(type)) return [sample(type.ofType)];
  const named = getNamedType(getNullableType(type));
  if (isEnumType(named)) return named.getValues()[0]!.value;
  if (isInputObjectType(named)) {
    return Object.fromEntries(Object.values(named.getFields()).filter((f) => isNonNullType(f.type)).map((f) => [f.name, sample(f.type)]));
  }
  return ({ Int: 20, SafeInt: 1, Float: 1, Boolean: false, Period: '2026-10', DateTime: '2026-10-01T00:00:00Z' } as Record<string, unknown>)[named.name] ?? '52';
}

describe('expensive fields', () => {
  it('refuses previewTreeChange × 30 aliases before anything runs, naming the limit, while another user is answered', async () => {
    const one = await api.gql(`{ ${PREVIEW(0)} }`, {}, countyAdmin);
    expect(one.errors).toBeUndefined();
    expect(one.data.p0.summary.kind).toBe('RENAME');

    const flood = `{ ${Array.from({ length: 30 }, (_, i) => PREVIEW(i)).join(' ')} }`;
    api.statements.reset();
    await api.gql('{ __typename }', {}, countyAdmin);
    const authOnly = api.statements.count; // reading the caller, when not kept from an earlier request
    api.statements.reset();
    const refused = await api.gql(flood, {}, countyAdmin);
    expect(api.statements.count).toBeLessThanOrEqual(authOnly); // no preview ran
    expect(refused.status).toBe(400);
    expect(refused.data ?? null).toBeNull();
    expect(refused.errors).toHaveLength(1);
    expect(refused.errors![0]!.message).toMatch(/would cost \d+; at most 10000/);
    expect(refused.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'QUERY_TOO_COSTLY', limit: LIMITS.maxCost });
    expect(refused.errors![0]!.extensions.cost as number).toBeGreaterThan(30 * 1_000);

    // the same flood again, with another user's request beside it: that one is answered
    const [again, other] = await Promise.all([api.gql(flood, {}, countyAdmin), api.gql('{ unit(code: "52") { name children(first: 5) { edges { node { code } } } } }', {}, viewer)]);
    expect(again.errors![0]!.extensions).toMatchObject({ reason: 'QUERY_TOO_COSTLY' });
    expect(other.errors).toBeUndefined();
    expect(other.data.unit.children.edges).toHaveLength(5);
  });

  it('lets the operations of a batch share the limit: of three previews, one runs', async () => {
    const res = await request(api.app.getHttpServer())
      .post('/graphql')
      .set('authorization', `Bearer ${countyAdmin}`)
      .send([0, 1, 2].map((i) => ({ query: `{ ${PREVIEW(i)} }` })));
    expect(res.status).toBe(200);
    const answered = (res.body as any[]).filter((b) => !b.errors);
    const refused = (res.body as any[]).filter((b) => b.errors);
    expect(answered).toHaveLength(1);
    expect(refused.map((b) => b.errors[0].extensions)).toEqual([expect.objectContaining({ reason: 'QUERY_TOO_COSTLY', limit: LIMITS.maxCost }), expect.objectContaining({ reason: 'QUERY_TOO_COSTLY', limit: LIMITS.maxCost })]);
  });
});
