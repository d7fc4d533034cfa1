/**
 * Tree changes as an administrator asks for them, and the rules their input
 * must meet before anything is looked up (plain functions; the spec beside
 * this file lists them case by case).
 */
import { normalizeUnitCode, parseUnitCode, type Violation } from '@carenet/core';

export enum TreeChangeKind {
  CREATE = 'CREATE',
  RENAME = 'RENAME',
  MOVE = 'MOVE',
  MERGE = 'MERGE',
  SPLIT = 'SPLIT',
  RETIRE = 'RETIRE',
}

export interface SplitPart {
  /** The new unit's 12-digit code. */
  code: string;
  name: string;
  /** The children of the split unit that go to this part (every child goes to exactly one part). */
  childCodes: string[];
}

/**
 * One change, effective from a month: from `effective` on the tree is the new
 * one, up to the month before it the old one (for RETIRE: `effective` is the
 * first month without the unit).
 */
export interface TreeChangeInput {
  kind: TreeChangeKind;
  effective: string;
  /** RENAME, MOVE, SPLIT, RETIRE: the unit changed. */
  unitCode?: string | null;
  /** MERGE: the units merged away (into `intoCode`, or into a new unit `code`/`name`). */
  unitCodes?: string[] | null;
  /** MERGE into an existing unit. */
  intoCode?: string | null;
  /** MOVE: the new parent; CREATE and MERGE into a new unit: its parent (MERGE: default the first unit's parent). */
  newParentCode?: string | null;
  /** CREATE, MERGE into a new unit: the new unit's 12-digit code. */
  code?: string | null;
  /** CREATE, RENAME, MERGE into a new unit: the (new) name. */
  name?: string | null;
  /** SPLIT: the parts; the first continues the split unit's own reports, users and API keys. */
  parts?: SplitPart[] | null;
}

const MAX_NAME = 200;
const MAX_MERGED = 20;
const MAX_PARTS = 20;

function nameProblem(field: string, name: string | null | undefined): Violation | undefined {
  const n = (name ?? '').trim();
  if (n.length < 1 || n.length > MAX_NAME) return { rule: 'NAME', field, message: `${field}: must be 1 to ${MAX_NAME} characters` };
  return undefined;
}

function codeProblem(field: string, code: string | null | undefined): Violation | undefined {
  if (!/^\d{12}$/.test(code ?? '')) return { rule: 'CODE', field, message: `${field}: a new unit needs its full 12-digit code, got '${String(code ?? '').slice(0, 40)}'` };
  return undefined;
}

function required(field: string, value: unknown, kind: TreeChangeKind): Violation | undefined {
  if (value === undefined || value === null || value === '') return { rule: 'REQUIRED', field, message: `${field}: required for ${kind}` };
  return undefined;
}

function forbidden(input: TreeChangeInput, fields: (keyof TreeChangeInput)[]): Violation[] {
  return fields
    .filter((f) => input[f] !== undefined && input[f] !== null)
    .map((f) => ({ rule: 'NOT_APPLICABLE', field: f, message: `${f}: does not apply to ${input.kind}; leave it out` }));
}

/** A code as given, trimmed and checked: null (with a violation) when it is not a statistical code. */
function reference(field: string, code: string | null | undefined, out: (Violation | undefined)[]): string | null | undefined {
  if (code === undefined || code === null) return code;
  const trimmed = String(code).trim();
  try {
    parseUnitCode(trimmed, field);
  } catch (e) {
    out.push({ rule: 'CODE', field, message: (e as Error).message });
    return null;
  }
  return trimmed;
}

/** The 12-digit form: the same unit written short ('520102001') and long ('520102001000') is one. */
const full = (code: string | null | undefined) => (code ? normalizeUnitCode(code) : code);

/**
 * The input with every code normalised once: references to existing units
 * trimmed and checked (a short form keeps the level it names), children of a
 * split unit and new codes in their 12-digit form; with the violations of
 * codes that are not statistical codes at all.
 */
export function normalizeTreeChangeInput(input: TreeChangeInput): { input: TreeChangeInput; violations: Violation[] } {
  const out: (Violation | undefined)[] = [];
  const n: TreeChangeInput = {
    ...input,
    unitCode: reference('unitCode', input.unitCode, out),
    unitCodes: input.unitCodes?.map((c, i) => reference(`unitCodes.${i}`, c, out) ?? '') ?? input.unitCodes,
    intoCode: reference('intoCode', input.intoCode, out),
    newParentCode: reference('newParentCode', input.newParentCode, out),
    code: typeof input.code === 'string' ? input.code.trim() : input.code,
    parts: input.parts?.map((p, i) => ({
      ...p,
      code: typeof p.code === 'string' ? p.code.trim() : p.code,
      childCodes: (p.childCodes ?? []).map((c, j) => full(reference(`parts.${i}.childCodes.${j}`, c, out)) ?? ''),
    })) ?? input.parts,
  };
  return { input: n, violations: out.filter((v): v is Violation => v !== undefined) };
}

/** Every problem of the input's shape, each naming its field and rule; empty when it may go ahead. */
export function checkTreeChangeInput(raw: TreeChangeInput): Violation[] {
  return readTreeChangeInput(raw).violations;
}

/** The input with its codes normalised (once), and every problem of its shape. */
export function readTreeChangeInput(raw: TreeChangeInput): { input: TreeChangeInput; violations: Violation[] } {
  const { input, violations } = normalizeTreeChangeInput(raw);
  if (violations.length) return { input, violations };
  const out: (Violation | undefined)[] = [];
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(input.effective ?? '')) out.push({ rule: 'PERIOD', field: 'effective', message: `effective: a month as YYYY-MM, got '${String(input.effective).slice(0, 20)}'` });
  switch (input.kind) {
    case TreeChangeKind.CREATE:
      out.push(required('newParentCode', input.newParentCode, input.kind), codeProblem('code', input.code), nameProblem('name', input.name));
      out.push(...forbidden(input, ['unitCode', 'unitCodes', 'intoCode', 'parts']));
      break;
    case TreeChangeKind.RENAME:
      out.push(required('unitCode', input.unitCode, input.kind), nameProblem('name', input.name));
      out.push(...forbidden(input, ['unitCodes', 'intoCode', 'newParentCode', 'code', 'parts']));
      break;
    case TreeChangeKind.MOVE:
      out.push(required('unitCode', input.unitCode, input.kind), required('newParentCode', input.newParentCode, input.kind));
      out.push(...forbidden(input, ['unitCodes', 'intoCode', 'code', 'name', 'parts']));
      break;
    case TreeChangeKind.RETIRE:
      out.push(required('unitCode', input.unitCode, input.kind));
      out.push(...forbidden(input, ['unitCodes', 'intoCode', 'newParentCode', 'code', 'name', 'parts']));
      break;
    case TreeChangeKind.MERGE: {
      const codes = input.unitCodes ?? [];
      if (codes.length < 1 || codes.length > MAX_MERGED) out.push({ rule: 'MERGE_UNITS', field: 'unitCodes', message: `unitCodes: 1 to ${MAX_MERGED} units to merge` });
      const twice = codes.findIndex((c, i) => codes.slice(0, i).some((d) => full(d) === full(c)));
      if (twice >= 0) out.push({ rule: 'MERGE_UNITS', field: `unitCodes.${twice}`, message: `unitCodes.${twice}: ${full(codes[twice])} is named twice` });
      const intoNew = input.code !== undefined && input.code !== null;
      if (intoNew === (input.intoCode !== undefined && input.intoCode !== null)) {
        out.push({ rule: 'MERGE_TARGET', field: 'intoCode', message: 'intoCode: name either an existing unit to merge into (intoCode) or a new one (code and name), not both' });
      } else if (intoNew) {
        out.push(codeProblem('code', input.code), nameProblem('name', input.name));
        if (codes.length < 2) out.push({ rule: 'MERGE_UNITS', field: 'unitCodes', message: 'unitCodes: merging into a new unit needs at least 2 units' });
      } else {
        if (codes.some((c) => full(c) === full(input.intoCode))) out.push({ rule: 'MERGE_TARGET', field: 'intoCode', message: 'intoCode: a unit cannot be merged into itself' });
        out.push(...forbidden(input, ['name', 'newParentCode']));
      }
      out.push(...forbidden(input, ['unitCode', 'parts']));
      break;
    }
    case TreeChangeKind.SPLIT: {
      out.push(required('unitCode', input.unitCode, input.kind));
      const parts = input.parts ?? [];
      if (parts.length < 2 || parts.length > MAX_PARTS) out.push({ rule: 'SPLIT_PARTS', field: 'parts', message: `parts: 2 to ${MAX_PARTS} parts` });
      const seenCodes = new Set<string>();
      const seenChildren = new Set<string>();
      parts.forEach((p, i) => {
        out.push(codeProblem(`parts.${i}.code`, p.code), nameProblem(`parts.${i}.name`, p.name));
        if (seenCodes.has(p.code)) out.push({ rule: 'SPLIT_PARTS', field: `parts.${i}.code`, message: `parts.${i}.code: ${p.code} names two parts` });
        seenCodes.add(p.code);
        for (const c of p.childCodes) {
          if (seenChildren.has(c)) out.push({ rule: 'SPLIT_CHILDREN', field: `parts.${i}.childCodes`, message: `parts.${i}.childCodes: ${c} is given to two parts` });
          seenChildren.add(c);
        }
      });
      out.push(...forbidden(input, ['unitCodes', 'intoCode', 'newParentCode', 'code', 'name']));
      break;
    }
    default:
      out.push({ rule: 'KIND', field: 'kind', message: `kind: one of ${Object.values(TreeChangeKind).join(', ')}` });
  }
  return { input, violations: out.filter((v): v is Violation => v !== undefined) };
}

/** What a change touches (its preview) and, once applied, what it changed: the same list. */
export interface TreeChangeSummary {
  kind: TreeChangeKind;
  effective: string;
  /** Units whose span ends the month before `effective` (moved, renamed, merged, split or retired). */
  unitsEnded: { code: string; name: string; level: string }[];
  /** Units that begin at `effective` (successors, new units, merge and split results). */
  unitsCreated: { code: string; name: string; level: string; parentCode: string | null }[];
  /** Reports of `effective` and later that now belong to a successor unit, by month. */
  reports: { period: string; count: number }[];
  /** Users whose home unit is now a successor (or who are disabled with a retired unit). */
  users: { name: string; fromCode: string; toCode: string | null }[];
  /** API keys that follow their unit (or are revoked with a retired unit). */
  apiKeys: { name: string; fromCode: string; toCode: string | null }[];
  /** Months whose rollups are recomputed (queued) and verified. */
  rollupMonths: string[];
  /**
   * Registry files that follow their village to its successor, per village:
   * the file's keeper and its residence from `effective` on (a retire is
   * refused while the retired villages hold open files).
   */
  registryFiles: { fromCode: string; toCode: string; count: number }[];
}
