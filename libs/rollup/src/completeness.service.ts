import { Injectable } from '@nestjs/common';
import { checkPageSize, decodeCursor, encodeCursor, InputError, InputErrorReason, parsePeriod, periodToDate, type Actor } from '@carenet/core';
import { AdminTreeService, type AdminUnit, type Page } from '@carenet/admin-tree';
import { RollupReadsRepository, type CompletenessRow } from './rollup-reads.repository.js';

export interface Completeness extends CompletenessRow {
  unit: AdminUnit;
  period: string;
}

/** How far a unit's subtree is with a month: read from the rollups, with the children still missing. */
@Injectable()
export class CompletenessService {
  constructor(
    private readonly repo: RollupReadsRepository,
    private readonly tree: AdminTreeService,
  ) {}

  async get(actor: Actor, unitCode: string, period: string): Promise<Completeness> {
    parsePeriod(period);
    const unit = await this.tree.visibleUnit(actor, unitCode, period, 'unitCode');
    const row = (await this.repo.completeness([unit.id], periodToDate(period))).get(unit.id)!;
    return { ...row, unit, period };
  }

  /** Direct children whose own report for the month is not in (submitted, approved or exempted). */
  async missing(c: Completeness, first?: number | null, after?: string | null): Promise<Page<AdminUnit>> {
    const limit = checkPageSize(first);
    const keys = decodeCursor(after);
    const afterCode = keys ? keys[0] : '';
    if (typeof afterCode !== 'string') throw new InputError(InputErrorReason.INVALID_CURSOR, 'after: not a cursor of this list', 'after');
    const date = periodToDate(c.period);
    const rows = await this.repo.missingChildren(c.unit.id, date, afterCode, limit);
    const units = await this.tree.unitsByIds(rows.slice(0, limit).map((r) => r.id));
    units.sort((a, b) => a.code.localeCompare(b.code));
    const cursors = units.map((u) => encodeCursor([u.code]));
    return {
      items: units,
      cursors,
      hasNextPage: rows.length > limit,
      endCursor: cursors.at(-1) ?? null,
      totalCount: () => this.repo.countMissingChildren(c.unit.id, date),
    };
  }
}
