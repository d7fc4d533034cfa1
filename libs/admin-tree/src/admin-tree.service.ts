import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  addMonths,
  checkPageSize,
  decodeCursor,
  encodeCursor,
  InputError,
  InputErrorReason,
  may,
  normalizeUnitCode,
  requireScope,
  type Actor,
  parseUnitCode,
  parsePeriod,
  periodToDate,
  type UnitRef,
} from '@carenet/core';
import type { AdminUnit, UnitLevel } from './admin-unit.js';
import { AdminTreeRepository, NOW, type UnitFilter, type UnitPageKey } from './admin-tree.repository.js';
import { AdminTreeError, AdminTreeErrorReason, unitNotFound } from './admin-tree.errors.js';

export interface Page<T> {
  items: T[];
  cursors: string[];
  hasNextPage: boolean;
  endCursor: string | null;
  /** Counted only when asked for. */
  totalCount: () => Promise<number>;
}

export interface UnitQuery {
  parentCode?: string | null;
  /** Only units in the subtree of this unit (itself included). */
  within?: AdminUnit;
  level?: UnitLevel | null;
  nameContains?: string | null;
  period?: string | null;
  first?: number | null;
  after?: string | null;
}

const MAX_NAME_FILTER = 100;

function pageOf(rows: AdminUnit[], limit: number, totalCount: () => Promise<number>): Page<AdminUnit> {
  const items = rows.slice(0, limit);
  const cursors = items.map((u) => encodeCursor([u.code, u.depth]));
  return { items, cursors, hasNextPage: rows.length > limit, endCursor: cursors.at(-1) ?? null, totalCount };
}

function pageKey(after: string | null | undefined): UnitPageKey | undefined {
  const keys = decodeCursor(after);
  if (keys === undefined) return undefined;
  const [code, depth] = keys;
  if (typeof code !== 'string' || !/^\d{12}$/.test(code) || typeof depth !== 'number' || !Number.isInteger(depth) || depth < 1 || depth > 5) {
    throw new InputError(InputErrorReason.INVALID_CURSOR, 'after: not a cursor of this list', 'after');
  }
  return { code, depth };
}

/** Reads of the tree and the changes an administrator makes to it. */
@Injectable()
export class AdminTreeService {
  constructor(
    private readonly db: DataSource,
    private readonly units: AdminTreeRepository,
  ) {}

  asOf(period: string | null | undefined): string | undefined {
    return period ? periodToDate(period) : undefined;
  }

  async findUnit(code: string, period?: string | null): Promise<AdminUnit | null> {
    return (await this.units.findByCode(parseUnitCode(code), this.asOf(period))) ?? null;
  }

  /** `findUnit` for many codes in one statement, in the order given (a code that does not parse throws, as there). */
  async findUnits(codes: readonly string[], period?: string | null): Promise<(AdminUnit | null)[]> {
    return (await this.units.findByCodes(codes.map((c) => parseUnitCode(c)), this.asOf(period))).map((u) => u ?? null);
  }

  async getUnit(code: string, period?: string | null, field = 'code'): Promise<AdminUnit> {
    const unit = await this.units.findByCode(parseUnitCode(code, field), this.asOf(period));
    if (!unit) throw unitNotFound(normalizeUnitCode(code, field), field);
    return unit;
  }

  /**
   * The unit a code names in a month (now, without one), if the actor may see
   * it; anything else is NOT_FOUND, exactly like a unit that does not exist.
   * The one lookup with scope that reporting, completeness and analytics use.
   */
  async visibleUnit(actor: Actor, code: string, period?: string | null, field = 'code'): Promise<AdminUnit> {
    return this.requireVisible(actor, await this.units.findByCode(parseUnitCode(code, field), this.asOf(period)), code, field);
  }

  /**
   * The unit a code names in the tree of a month, or in today's tree without
   * one (a retired unit is not in it, unlike `findUnit`'s latest version).
   */
  async unitInTree(code: string, period: string | null | undefined, field = 'code'): Promise<AdminUnit | undefined> {
    return this.units.findByCode(parseUnitCode(code, field), period ? this.asOf(period) : NOW);
  }

  /** `unitInTree`, if the actor may see it; anything else is NOT_FOUND, exactly like a unit that does not exist. */
  async visibleUnitInTree(actor: Actor, code: string, period: string | null | undefined, field = 'code'): Promise<AdminUnit> {
    return this.requireVisible(actor, await this.unitInTree(code, period, field), code, field);
  }

  /** A village of today's tree by its code (12 digits, or the short form); undefined when the code names none or is not a code. */
  async currentVillage(code: string): Promise<AdminUnit | undefined> {
    let key;
    try {
      key = parseUnitCode(String(code), 'villageCode');
    } catch {
      return undefined;
    }
    return this.units.findByCode({ code: key.code, depth: 5 }, NOW);
  }

  /** The scope check for a unit found some other way (one statement that reads the unit with its figures, say). */
  requireVisible<U extends UnitRef>(actor: Actor, unit: U | undefined | null, code: string, field = 'code'): U {
    if (!unit) throw unitNotFound(normalizeUnitCode(code, field), field);
    requireScope(actor, unit, 'READ', field);
    return unit;
  }

  /** Units within the actor's subtree (administrators too: a province administrator sees the province). */
  listVisibleUnits(actor: Actor, q: UnitQuery): Promise<Page<AdminUnit>> {
    return this.listUnits(q, actor);
  }

  canSee(actor: Actor, unit: AdminUnit): boolean {
    return may(actor, 'READ', unit);
  }

  async listUnits(q: UnitQuery, scope?: Actor): Promise<Page<AdminUnit>> {
    const limit = checkPageSize(q.first);
    const filter: UnitFilter = { asOf: this.asOf(q.period) };
    if (scope) filter.withinPath = scope.unitPathIds.join('.');
    if (q.within) filter.withinPath = q.within.pathIds.join('.');
    if (q.parentCode != null) {
      const parent = scope ? await this.visibleUnit(scope, q.parentCode, q.period, 'parentCode') : await this.getUnit(q.parentCode, q.period, 'parentCode');
      filter.parentId = parent.id;
      // the children of a unit in scope are in scope: under it (a home unit's earlier row is not under the current one)
      if (scope && !q.within) filter.withinPath = parent.pathIds.join('.');
    }
    if (q.level) filter.level = q.level;
    if (q.nameContains) filter.nameContains = q.nameContains.slice(0, MAX_NAME_FILTER);
    const rows = await this.units.list(filter, pageKey(q.after), limit);
    return pageOf(rows, limit, () => this.units.count(filter));
  }

  // ---- batch reads, for the per-request loaders ----

  unitsByIds(ids: readonly number[]): Promise<AdminUnit[]> {
    return this.units.findByIds([...new Set(ids)]);
  }

  /** For each parent a page of its children: one statement for all parents. */
  async childrenPages(parentIds: readonly number[], first: number | null | undefined, after: string | null | undefined, period?: string | null): Promise<Page<AdminUnit>[]> {
    const limit = checkPageSize(first);
    const asOf = this.asOf(period);
    const rows = await this.units.childrenOfMany([...new Set(parentIds)], pageKey(after), limit, asOf);
    const byParent = new Map<number, AdminUnit[]>();
    for (const r of rows) {
      const list = byParent.get(r.parentId!) ?? [];
      list.push(r);
      byParent.set(r.parentId!, list);
    }
    return parentIds.map((id) => pageOf(byParent.get(id) ?? [], limit, async () => (await this.countChildren([id], period)).get(id) ?? 0));
  }

  /** How many children each parent has (that month, or now): one statement for all parents. */
  countChildren(parentIds: readonly number[], period?: string | null): Promise<Map<number, number>> {
    return this.units.countChildrenOfMany([...new Set(parentIds)], this.asOf(period));
  }

  countByLevel(withinPath?: string) {
    return this.units.countByLevel(withinPath);
  }

  // ---- changes to the tree (administrators); history is kept ----

  async renameUnit(code: string, name: string, effective: string, actor: string): Promise<AdminUnit> {
    const trimmed = name.trim();
    if (trimmed.length < 1 || trimmed.length > 200) {
      throw new AdminTreeError(AdminTreeErrorReason.INVALID_TREE_CHANGE, 'name: must be 1 to 200 characters', 'name');
    }
    parsePeriod(effective, 'effective');
    const unit = await this.getCurrent(code);
    await this.db.transaction(async (m) => {
      await this.units.lockCurrent(m, unit.id);
      await this.units.rename(m, unit.id, trimmed);
      await this.units.recordChange(m, { unitId: unit.id, kind: 'RENAME', effective: periodToDate(effective), before: { name: unit.name }, after: { name: trimmed }, actor });
    });
    return this.getUnit(unit.code);
  }

  /** The unit and everything below it exist up to and including `lastMonth`. */
  async retireUnit(code: string, lastMonth: string, actor: string): Promise<number> {
    const unit = await this.getCurrent(code);
    const last = periodToDate(lastMonth, 'lastMonth');
    if (lastMonth < unit.validFrom) {
      throw new AdminTreeError(AdminTreeErrorReason.INVALID_TREE_CHANGE, `lastMonth: ${lastMonth} is before the unit began (${unit.validFrom})`, 'lastMonth');
    }
    return this.db.transaction(async (m) => {
      await this.units.lockCurrent(m, unit.id);
      const n = await this.units.retireSubtree(m, unit.id, last);
      await this.units.recordChange(m, { unitId: unit.id, kind: 'RETIRE', effective: last, before: { validTo: null }, after: { validTo: lastMonth, units: n }, actor });
      return n;
    });
  }

  /** From month `from`, the unit (and its subtree) sits under `newParentCode`; before it, under its old parent. */
  async moveUnit(code: string, newParentCode: string, from: string, actor: string): Promise<AdminUnit> {
    const unit = await this.getCurrent(code);
    const parent = await this.getCurrent(newParentCode, 'newParentCode');
    if (parent.depth !== unit.depth - 1) {
      throw new AdminTreeError(AdminTreeErrorReason.INVALID_TREE_CHANGE, `newParentCode: a ${unit.level} must sit under a unit one level up, got a ${parent.level}`, 'newParentCode');
    }
    if (parent.id === unit.parentId) {
      throw new AdminTreeError(AdminTreeErrorReason.INVALID_TREE_CHANGE, 'newParentCode: the unit already sits there', 'newParentCode');
    }
    parsePeriod(from, 'from');
    if (from <= unit.validFrom || from < parent.validFrom) {
      throw new AdminTreeError(AdminTreeErrorReason.INVALID_TREE_CHANGE, `from: must be after ${unit.validFrom}, when the unit began, and not before its new parent began`, 'from');
    }
    await this.db.transaction(async (m) => {
      await this.units.lockCurrent(m, unit.id);
      await this.units.lockCurrent(m, parent.id);
      const n = await this.units.moveSubtree(m, unit.id, parent.id, periodToDate(from), periodToDate(addMonths(from, -1)));
      await this.units.recordChange(m, {
        unitId: unit.id,
        kind: 'MOVE',
        effective: periodToDate(from),
        before: { parentId: unit.parentId },
        after: { parentId: parent.id, units: n },
        actor,
      });
    });
    return this.getUnit(unit.code);
  }

  changesOf(unit: AdminUnit) {
    return this.units.changesOf(unit.id);
  }

  private async getCurrent(code: string, field = 'code'): Promise<AdminUnit> {
    const unit = await this.getUnit(code, undefined, field);
    if (unit.validTo !== null) {
      throw new AdminTreeError(AdminTreeErrorReason.UNIT_RETIRED, `${field}: unit ${unit.code} was retired after ${unit.validTo}`, field);
    }
    return unit;
  }
}
