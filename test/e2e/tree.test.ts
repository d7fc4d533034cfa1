import request from 'supertest';
import { Role } from '@carenet/core';
import { startTestApi, type TestApi } from '../support/test-app.js';

let api: TestApi;

beforeAll(async () => {
  api = await startTestApi({ tree: 'guizhou' });
  api.defaultToken = await api.tokenFor([Role.VIEWER], '52');
});
afterAll(async () => {
  await api?.close();
});

describe('reading the tree through /graphql', () => {
  it('answers unit(code:"52") with Guizhou, its parent, ancestors and children', async () => {
    const res = await api.gql(`{ unit(code: "52") { code name level parent { code } ancestors { code } children(first: 100) { totalCount edges { node { code name level } } } } }`);
    expect(res.errors).toBeUndefined();
    expect(res.data.unit).toMatchObject({ code: '520000000000', name: '贵州省', level: 'PROVINCE', parent: null, ancestors: [] });
    expect(res.data.unit.children.totalCount).toBe(9);
    expect(res.data.unit.children.edges.map((e: any) => e.node.name)).toContain('贵阳市');
    expect(res.data.unit.children.edges.every((e: any) => e.node.level === 'CITY')).toBe(true);
  });

  it('accepts every short form of a code and answers with the 12-digit code', async () => {
    for (const [input, level] of [
      ['52', 'PROVINCE'],
      ['5201', 'CITY'],
      ['520102', 'COUNTY'],
      ['520102000000', 'COUNTY'],
    ]) {
      const res = await api.gql(`query($c: ID!) { unit(code: $c) { code level } }`, { c: input });
      expect(res.data.unit).toEqual({ code: input.padEnd(12, '0'), level });
    }
  });

  it('gives a village its four ancestors from the province down', async () => {
    const list = await api.gql(`{ units(level: VILLAGE, first: 1) { edges { node { code } } } }`);
    const village = list.data.units.edges[0].node.code;
    const res = await api.gql(`query($c: ID!) { unit(code: $c) { level ancestors { level } parent { level } } }`, { c: village });
    expect(res.data.unit.ancestors.map((a: any) => a.level)).toEqual(['PROVINCE', 'CITY', 'COUNTY', 'TOWNSHIP']);
    expect(res.data.unit.parent.level).toBe('TOWNSHIP');
  });

  it('pages through units with cursors, each unit exactly once', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const res: any = await api.gql(`query($a: String) { units(level: COUNTY, first: 25, after: $a) { totalCount edges { cursor node { code } } pageInfo { hasNextPage endCursor } } }`, { a: after });
      expect(res.errors).toBeUndefined();
      expect(res.data.units.totalCount).toBe(88);
      seen.push(...res.data.units.edges.map((e: any) => e.node.code));
      after = res.data.units.pageInfo.hasNextPage ? res.data.units.pageInfo.endCursor : null;
      pages++;
    } while (after);
    expect(pages).toBe(4);
    expect(seen).toHaveLength(88);
    expect(new Set(seen).size).toBe(88);
    expect([...seen].sort()).toEqual(seen);
  });

  it('filters by parent, level and name', async () => {
    const res = await api.gql(`{ units(parentCode: "5201", nameContains: "花溪") { totalCount edges { node { name level } } } }`);
    expect(res.errors).toBeUndefined();
    expect(res.data.units.totalCount).toBe(1);
    expect(res.data.units.edges[0].node).toEqual({ name: '花溪区', level: 'COUNTY' });
    const wild = await api.gql(`{ units(nameContains: "%") { totalCount } }`);
    expect(wild.data.units.totalCount).toBe(0); // % is a character here, not a wildcard
  });

  it('reads 100 units with parents, ancestors and children in a bounded number of statements', async () => {
    const query = (n: number) => `{ units(level: TOWNSHIP, first: ${n}) { edges { node { code parent { code name } ancestors { code }
      children(first: 3) { totalCount edges { node { code parent { code } } } } } } } }`;
    api.statements.reset();
    const small = await api.gql(query(5));
    const fewStatements = api.statements.count;
    api.statements.reset();
    const large = await api.gql(query(100));
    const manyStatements = api.statements.count;
    expect(small.errors).toBeUndefined();
    expect(large.errors).toBeUndefined();
    expect(large.data.units.edges).toHaveLength(100);
    expect(large.data.units.edges.every((e: any) => e.node.children.totalCount > 0 && e.node.parent.code)).toBe(true);
    // list + parents/ancestors + children + child counts + the children's parents
    expect(manyStatements).toBeLessThanOrEqual(6);
    expect(manyStatements).toBe(fewStatements);
  });

  it('shows the units of a past month with period', async () => {
    const res = await api.gql(`{ unit(code: "52", period: "2020-01") { code validFrom validTo } }`);
    expect(res.data.unit).toEqual({ code: '520000000000', validFrom: '1900-01', validTo: null });
  });
});

describe('errors and limits', () => {
  it('answers NOT_FOUND for a unit that does not exist', async () => {
    const res = await api.gql(`{ unit(code: "99") { name } }`);
    expect(res.errors![0]!.extensions).toMatchObject({ code: 'NOT_FOUND', reason: 'UNIT_NOT_FOUND' });
  });

  it.each([
    ['{ unit(code: "5") { name } }', 'INVALID_UNIT_CODE', 'code: must be a statistical code'],
    ['{ unit(code: "52", period: "2026-13") { name } }', 'INVALID_PERIOD', 'YYYY-MM'],
    ['{ units(first: 101) { totalCount } }', 'INVALID_PAGE', 'first: must be an integer from 1 to 100'],
    ['{ units(first: 0) { totalCount } }', 'INVALID_PAGE', 'first: must be an integer from 1 to 100'],
    ['{ units(after: "garbage") { totalCount } }', 'INVALID_CURSOR', 'after:'],
    ['{ unit(code: "52") { children(first: 1000) { totalCount } } }', 'INVALID_PAGE', 'first: must be an integer from 1 to 100'],
    ['{ unit(code: "52") { nosuchfield } }', 'INVALID_QUERY', 'nosuchfield'],
    ['{ unit(code: "52" { name } }', 'INVALID_QUERY', 'Syntax Error'],
  ])('%s is BAD_USER_INPUT (%s)', async (query, reason, message) => {
    const res = await api.gql(query);
    expect(res.errors).toHaveLength(1);
    expect(res.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason });
    expect(res.errors![0]!.message).toContain(message);
  });

  it('refuses a query nested too deep, before running it', async () => {
    const deep = `{ unit(code: "52") { ${'children { edges { node { '.repeat(4)} code ${'} } }'.repeat(4)} } }`;
    api.statements.keepTexts();
    api.statements.reset();
    const res = await api.gql(deep);
    expect(res.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'QUERY_TOO_DEEP', limit: 12 });
    // at most the look-up of the user behind the token (kept a few seconds, so perhaps none): nothing of the tree
    expect(api.statements.queries.filter((q) => !/\bapp_user\b/.test(q))).toEqual([]);
  });

  it('answers a variable of the wrong type as BAD_USER_INPUT', async () => {
    const res = await api.gql(`query($n: Int) { units(first: $n) { totalCount } }`, { n: 'ten' });
    expect(res.errors![0]!.extensions.code).toBe('BAD_USER_INPUT');
  });

  it('answers an unexpected failure generically, and logs it with the request id', async () => {
    await api.ownerQuery(`ALTER TABLE admin_unit RENAME TO admin_unit_away`);
    try {
      const res = await request(api.app.getHttpServer())
        .post('/graphql')
        .set('x-request-id', 'req-unexpected-1')
        .set('authorization', `Bearer ${api.defaultToken}`)
        .send({ query: '{ unit(code: "52") { name } }' });
      const error = res.body.errors[0];
      expect(error.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR', requestId: 'req-unexpected-1' });
      expect(error.message).toBe('Internal server error; quote request id req-unexpected-1 when reporting it');
      expect(error.message).not.toContain('admin_unit');
      expect(res.headers['x-request-id']).toBe('req-unexpected-1');
      const logged = api.logs.find((l) => l.requestId === 'req-unexpected-1' && l.msg === 'unexpected error');
      expect(logged).toBeDefined();
      expect(JSON.stringify(logged)).toContain('admin_unit');
    } finally {
      await api.ownerQuery(`ALTER TABLE admin_unit_away RENAME TO admin_unit`);
    }
  });
});

describe('health and logs', () => {
  it('reports Postgres and Redis up on GET /health', async () => {
    const res = await request(api.app.getHttpServer()).get('/health');
    expect(res.status).toBe(200);
    expect(res.body.info.postgres.status).toBe('up');
    expect(res.body.info.redis.status).toBe('up');
  });

  it('writes JSON access logs carrying the request id', async () => {
    await request(api.app.getHttpServer()).post('/graphql').set('x-request-id', 'req-log-check').send({ query: '{ __typename }' });
    const line = api.logs.find((l) => l.requestId === 'req-log-check' && l.msg === 'request completed');
    expect(line).toMatchObject({ level: 'info', service: 'api' });
  });

  it('marks every GraphQL answer as not to be stored by a browser or a proxy', async () => {
    const res = await request(api.app.getHttpServer()).post('/graphql').send({ query: '{ __typename }' });
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers.etag).toBeUndefined();
  });
});
