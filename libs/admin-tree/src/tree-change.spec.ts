import { checkTreeChangeInput, TreeChangeKind as K, type TreeChangeInput } from './tree-change.js';

const V = '520102001001';
const cases: [string, TreeChangeInput, unknown[]][] = [
  ['a move', { kind: K.MOVE, effective: '2026-07', unitCode: '520102001', newParentCode: '520103' }, []],
  ['a move without a parent', { kind: K.MOVE, effective: '2026-07', unitCode: '520102001' }, ['newParentCode: required for MOVE']],
  ['a move with a name', { kind: K.MOVE, effective: '2026-07', unitCode: '520102001', newParentCode: '520103', name: 'x' }, ['name: does not apply to MOVE; leave it out']],
  ['a bad month', { kind: K.RETIRE, effective: '2026-13', unitCode: V }, ["effective: a month as YYYY-MM, got '2026-13'"]],
  ['a rename', { kind: K.RENAME, effective: '2026-07', unitCode: V, name: '新村' }, []],
  ['a blank rename', { kind: K.RENAME, effective: '2026-07', unitCode: V, name: '  ' }, ['name: must be 1 to 200 characters']],
  ['a create', { kind: K.CREATE, effective: '2026-07', newParentCode: '520102001', code: '520102001999', name: '新村' }, []],
  ['a create with a short code', { kind: K.CREATE, effective: '2026-07', newParentCode: '520102001', code: '520102001', name: '新村' }, ["code: a new unit needs its full 12-digit code, got '520102001'"]],
  ['a merge into a unit', { kind: K.MERGE, effective: '2026-07', unitCodes: ['520102001'], intoCode: '520102002' }, []],
  ['a merge into a new unit', { kind: K.MERGE, effective: '2026-07', unitCodes: ['520102001', '520102002'], code: '520102099000', name: '新镇' }, []],
  ['a merge into both', { kind: K.MERGE, effective: '2026-07', unitCodes: ['520102001'], intoCode: '520102002', code: '520102099000' }, ['intoCode: name either an existing unit to merge into (intoCode) or a new one (code and name), not both']],
  ['a merge into itself', { kind: K.MERGE, effective: '2026-07', unitCodes: ['520102001'], intoCode: '520102001' }, ['intoCode: a unit cannot be merged into itself']],
  ['a merge of one into a new unit', { kind: K.MERGE, effective: '2026-07', unitCodes: ['520102001'], code: '520102099000', name: 'n' }, ['unitCodes: merging into a new unit needs at least 2 units']],
  ['a merge naming a unit twice', { kind: K.MERGE, effective: '2026-07', unitCodes: ['520102001', '520102001'], intoCode: '520102002' }, ['unitCodes.1: 520102001000 is named twice']],
  [
    'a split',
    { kind: K.SPLIT, effective: '2026-07', unitCode: '520102001', parts: [{ code: '520102091000', name: 'a', childCodes: [V] }, { code: '520102092000', name: 'b', childCodes: [] }] },
    [],
  ],
  ['a split into one part', { kind: K.SPLIT, effective: '2026-07', unitCode: '520102001', parts: [{ code: '520102091000', name: 'a', childCodes: [V] }] }, ['parts: 2 to 20 parts']],
  [
    'a split giving a child twice',
    { kind: K.SPLIT, effective: '2026-07', unitCode: '520102001', parts: [{ code: '520102091000', name: 'a', childCodes: [V] }, { code: '520102092000', name: 'b', childCodes: [V] }] },
    [`parts.1.childCodes: ${V} is given to two parts`],
  ],
  ['a merge naming a township short and long', { kind: K.MERGE, effective: '2026-07', unitCodes: ['520102001', '520102001000'], intoCode: '520102002' }, ['unitCodes.1: 520102001000 is named twice']],
  ['a merge into a unit also merged, written long', { kind: K.MERGE, effective: '2026-07', unitCodes: ['520102001', '520102003'], intoCode: ' 520102001000 ' }, ['intoCode: a unit cannot be merged into itself']],
  ['a merge naming something that is no code', { kind: K.MERGE, effective: '2026-07', unitCodes: ['520102001', '52x'], intoCode: '520102002' }, [expect.stringMatching(/^unitCodes\.1: must be a statistical code/)]],
  [
    'a split giving a township to two parts, short and long',
    { kind: K.SPLIT, effective: '2026-07', unitCode: '520102', parts: [{ code: '520102091000', name: 'a', childCodes: ['520102001'] }, { code: '520102092000', name: 'b', childCodes: ['520102001000'] }] },
    ['parts.1.childCodes: 520102001000 is given to two parts'],
  ],
];

describe('tree change input', () => {
  it.each(cases)('%s', (_what, input, messages) => {
    expect(checkTreeChangeInput(input).map((v) => v.message)).toEqual(messages);
  });
});
