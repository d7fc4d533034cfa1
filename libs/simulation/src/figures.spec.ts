import { validateForSave } from '@carenet/reporting';
import type { Indicator } from '@carenet/indicators';
import { countyFigures, Random, unitSeed, villageFigures } from './figures.js';

const catalogue = new Map<string, Indicator>(
  [
    ...['LEFT_BEHIND_CHILDREN', 'CHILDREN_IN_DIFFICULTY', 'ORPHANS_SCATTERED', 'DEFACTO_UNSUPPORTED', 'RISK_RED', 'RISK_ORANGE', 'RISK_YELLOW', 'RISK_GREEN', 'HOME_VISITS', 'GUARDIANSHIP_AGREEMENTS', 'CHILD_HOMES', 'CHILD_DIRECTORS'].map((c) => [c, 'VILLAGE']),
    ...['MANDATORY_REPORTS', 'TEMPORARY_GUARDIANSHIP', 'ASSISTANCE_CASES', 'DROPOUTS_RETURNED', 'PARENTS_RETURNED', 'ORPHANS_INSTITUTIONAL', 'WELFARE_INSTITUTIONS', 'WELFARE_BEDS', 'PROTECTION_INSTITUTIONS', 'PROTECTION_BEDS'].map((c) => [c, 'COUNTY']),
    ...['SUBSIDY_INSTITUTIONAL_FEN', 'SUBSIDY_SCATTERED_FEN', 'SUBSIDY_DEFACTO_FEN'].map((c) => [c, 'COUNTY']),
  ].map(([code, level]) => [code!, { code: code!, nameZh: code!, nameEn: code!, unit: 'x', kind: code!.endsWith('_FEN') ? 'MONEY' : 'COUNT', level: level as never, maxValue: code!.endsWith('_FEN') ? 1e13 : 1e7, sortOrder: 0 }]),
);

describe('simulated figures', () => {
  it('are the same for the same seed and unit, whatever the order', () => {
    const a = villageFigures(new Random(unitSeed(7, '520102001001', '2026-10')));
    villageFigures(new Random(unitSeed(7, '520102001002', '2026-10')));
    expect(villageFigures(new Random(unitSeed(7, '520102001001', '2026-10')))).toEqual(a);
    expect(villageFigures(new Random(unitSeed(8, '520102001001', '2026-10')))).not.toEqual(a);
  });

  it('pass every save rule (E1–E4) for 5,000 villages and 300 counties', () => {
    for (let i = 0; i < 5000; i++) {
      expect(validateForSave(villageFigures(new Random(unitSeed(1, String(i), '2026-10'))), catalogue, 'VILLAGE')).toEqual([]);
    }
    for (let i = 0; i < 300; i++) {
      const f = countyFigures(new Random(i), new Map([['ORPHANS_SCATTERED', 40], ['DEFACTO_UNSUPPORTED', 30], ['RISK_RED', 2]]), { scattered: 105000, defacto: 105000, institutional: 160000 });
      expect(validateForSave(f, catalogue, 'COUNTY')).toEqual([]);
    }
  });

  it('look like the programme: many zeros, small skewed counts, about 40% with a child-care site', () => {
    const villages = Array.from({ length: 20000 }, (_, i) => new Map(villageFigures(new Random(unitSeed(3, String(i), '2026-10'))).map((v) => [v.indicator, v.value])));
    const share = (f: (m: Map<string, number>) => boolean) => villages.filter(f).length / villages.length;
    expect(share((m) => m.get('CHILD_HOMES') === 1)).toBeGreaterThan(0.37);
    expect(share((m) => m.get('CHILD_HOMES') === 1)).toBeLessThan(0.43);
    expect(share((m) => m.get('LEFT_BEHIND_CHILDREN') === 0)).toBeGreaterThan(0.25);
    const lbc = villages.map((m) => m.get('LEFT_BEHIND_CHILDREN')!).sort((a, b) => a - b);
    const mean = lbc.reduce((s, x) => s + x, 0) / lbc.length;
    expect(lbc[Math.floor(lbc.length / 2)]).toBeLessThan(mean); // skewed right: median below the mean
    expect(lbc.at(-1)!).toBeGreaterThan(40); // a few outliers
  });
});
