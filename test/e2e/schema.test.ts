import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { startTestApi, type TestApi } from '../support/test-app.js';

/**
 * schema.gql is the committed GraphQL contract: every change to it shows in
 * review. This test fails when the code's schema and the file differ;
 * `npm run schema` rewrites the file from the code.
 */
let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({ tree: 'empty' });
});
afterAll(async () => {
  await api?.close();
});

it('schema.gql is the schema the code serves', () => {
  const sdl = `${printSchema(lexicographicSortSchema(api.app.get(GraphQLSchemaHost).schema))}\n`;
  const file = new URL('../../schema.gql', import.meta.url);
  if (process.env.UPDATE_SCHEMA === '1') {
    writeFileSync(file, sdl);
    return;
  }
  expect(existsSync(file)).toBe(true);
  const committed = readFileSync(file, 'utf8');
  if (committed !== sdl) {
    throw new Error('schema.gql differs from the schema the code serves: run `npm run schema`, review the change and commit it');
  }
});

it('keeps the names of the contract (docs/api.md) for the tree', () => {
  const schema = api.app.get(GraphQLSchemaHost).schema;
  const query = schema.getQueryType()!.getFields();
  expect(Object.keys(query)).toEqual(expect.arrayContaining(['unit', 'units']));
  expect(query.units!.args.map((a) => a.name)).toEqual(expect.arrayContaining(['parentCode', 'level', 'nameContains', 'first', 'after']));
  const unit = schema.getType('AdminUnit') as any;
  expect(Object.keys(unit.getFields())).toEqual(expect.arrayContaining(['code', 'name', 'level', 'parent', 'ancestors', 'children']));
  expect(String(unit.getFields().code.type)).toBe('ID!');
  const connection = schema.getType('AdminUnitConnection') as any;
  expect(Object.keys(connection.getFields())).toEqual(expect.arrayContaining(['edges', 'pageInfo', 'totalCount']));
});
