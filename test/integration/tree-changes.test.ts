import { AdminTreeError, AdminTreeService } from '@carenet/admin-tree';
import { startTestContext, type TestContext } from '../support/test-context.js';

let ctx: TestContext;
let tree: AdminTreeService;
beforeAll(async () => {
  ctx = await startTestContext('guizhou');
  tree = ctx.app.get(AdminTreeService);
});
afterAll(async () => {
  await ctx?.close();
});

async function firstChild(parentCode: string) {
  return (await tree.listUnits({ parentCode, first: 1 })).items[0]!;
}

describe('changes to the tree keep history', () => {
  it('moves a township with its villages to another county from a month on', async () => {
    const township = await firstChild('520102');
    const villagesBefore = (await tree.listUnits({ parentCode: township.code.slice(0, 9), first: 100 })).items;
    expect(villagesBefore.length).toBeGreaterThan(0);

    const moved = await tree.moveUnit(township.code.slice(0, 9), '520103', '2026-07', 'admin');
    expect(moved).toMatchObject({ code: township.code, validFrom: '2026-07', validTo: null });
    expect(moved.id).not.toBe(township.id);
    const newParent = await tree.getUnit('520103');
    expect(moved.parentId).toBe(newParent.id);

    // in June it still sat under 520102; from July under 520103
    const june = await tree.getUnit(township.code.slice(0, 9), '2026-06');
    expect(june).toMatchObject({ id: township.id, validTo: '2026-06', parentId: township.parentId });
    const july = await tree.getUnit(township.code.slice(0, 9), '2026-07');
    expect(july.id).toBe(moved.id);

    // the villages moved with it, and June's villages are the old ones
    const villagesAfter = (await tree.listUnits({ parentCode: township.code.slice(0, 9), first: 100 })).items;
    expect(villagesAfter.map((v) => v.code)).toEqual(villagesBefore.map((v) => v.code));
    expect(villagesAfter.every((v) => v.pathIds.slice(0, 4).join() === [...newParent.pathIds, moved.id].join())).toBe(true);
    const juneVillages = (await tree.listUnits({ parentCode: township.code.slice(0, 9), period: '2026-06', first: 100 })).items;
    expect(juneVillages.map((v) => v.id)).toEqual(villagesBefore.map((v) => v.id));

    // the old county no longer lists it now, but did in June
    const nowIn102 = await tree.listUnits({ parentCode: '520102', first: 100 });
    expect(nowIn102.items.map((u) => u.code)).not.toContain(township.code);
    const juneIn102 = await tree.listUnits({ parentCode: '520102', period: '2026-06', first: 100 });
    expect(juneIn102.items.map((u) => u.code)).toContain(township.code);

    const [old] = await ctx.db.query(`SELECT replaced_by_id FROM admin_unit WHERE id = $1`, [township.id]);
    expect(old.replaced_by_id).toBe(moved.id);
    expect(await tree.changesOf(township)).toEqual([expect.objectContaining({ kind: 'MOVE', effective: '2026-07', actor: 'admin' })]);
  });

  it('retires a village: gone from the current tree, still there for earlier months', async () => {
    const township = await firstChild('520111');
    const village = (await tree.listUnits({ parentCode: township.code.slice(0, 9), first: 1 })).items[0]!;
    expect(await tree.retireUnit(village.code, '2026-03', 'admin')).toBe(1);
    const now = await tree.listUnits({ parentCode: township.code.slice(0, 9), first: 100 });
    expect(now.items.map((v) => v.code)).not.toContain(village.code);
    const march = await tree.listUnits({ parentCode: township.code.slice(0, 9), period: '2026-03', first: 100 });
    expect(march.items.map((v) => v.code)).toContain(village.code);
    await expect(tree.getUnit(village.code, '2026-04')).rejects.toThrow(AdminTreeError);
    expect(await tree.getUnit(village.code)).toMatchObject({ validTo: '2026-03' });
  });

  it('renames a county and records the old name', async () => {
    const before = await tree.getUnit('520112');
    const after = await tree.renameUnit('520112', '新名区', '2026-09', 'admin');
    expect(after).toMatchObject({ id: before.id, name: '新名区' });
    expect(await tree.changesOf(before)).toEqual([expect.objectContaining({ kind: 'RENAME', before: { name: before.name }, after: { name: '新名区' } })]);
  });

  it('refuses a move to a parent of the wrong level', async () => {
    const township = await firstChild('520113');
    const village = (await tree.listUnits({ parentCode: township.code.slice(0, 9), first: 1 })).items[0]!;
    await expect(tree.moveUnit(village.code, '520103', '2026-07', 'a')).rejects.toThrow('newParentCode: a VILLAGE must sit under a unit one level up, got a COUNTY');
  });

  it('refuses a move to where the unit already sits', async () => {
    const township = await firstChild('520113');
    await expect(tree.moveUnit(township.code.slice(0, 9), '520113', '2026-07', 'a')).rejects.toThrow('already sits there');
  });

  it('refuses to change a retired unit', async () => {
    const township = await firstChild('520115');
    const village = (await tree.listUnits({ parentCode: township.code.slice(0, 9), first: 1 })).items[0]!;
    await tree.retireUnit(village.code, '2026-01', 'a');
    await expect(tree.renameUnit(village.code, 'x', '2026-09', 'a')).rejects.toThrow('was retired after 2026-01');
  });
});
