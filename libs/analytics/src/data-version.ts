import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { parsePeriod, parseUnitCode, periodToDate } from '@carenet/core';

/** The stamps the statistics of a unit's month are read from. */
@Injectable()
export class DataVersionRepository {
  constructor(private readonly db: DataSource) {}

  /**
   * The tree's version, then, for every unit with this code (any depth, any time) and each of its children,
   * its id and its completeness row's transaction and time (or '-' without one). Every transaction that writes
   * a unit's rollup values rewrites its completeness row (RollupRepository.recomputeUnit, repair), and a tree
   * change deletes the rows of the units it ends: so this changes with every commit that changes what
   * stats/statsBreakdown answer, and with nothing else.
   */
  async unitMonth(code: string, periodDate: string): Promise<string> {
    const [row] = (await this.db.query(
      `SELECT (SELECT n FROM tree_version)::text || '|' || coalesce(string_agg(u.id || ':' || coalesce(rc.xmin::text || '@' || rc.computed_at::text, '-'), ',' ORDER BY u.id), '') AS v
         FROM (SELECT p.id FROM admin_unit p WHERE p.code = $1
               UNION
               SELECT c.id FROM admin_unit c WHERE c.parent_id IN (SELECT p.id FROM admin_unit p WHERE p.code = $1)) u
         LEFT JOIN rollup_completeness rc ON rc.unit_id = u.id AND rc.period = $2::date`,
      [code, periodDate],
    )) as { v: string }[];
    return row!.v;
  }
}

/**
 * The version of a unit's month of statistics (its rollups and completeness,
 * its children's, and the tree), read from the rows' own stamps: the
 * rollup's transactions write nothing more for it. An answer built after
 * reading version V includes every commit V includes, so it may be given
 * again to whoever then reads the same V.
 *
 * Requests at the same moment share one read of a unit's month, but never
 * one that started before they arrived (it could miss a commit they have
 * already seen): a request arriving while a read is under way waits for the
 * next one, which starts when that read returns.
 */
@Injectable()
export class DataVersion {
  private readonly reads = new Map<string, { running?: Promise<string>; next?: Promise<string> }>();

  constructor(private readonly repo: DataVersionRepository) {}

  /** Undefined when the unit code or the month is not one (the request then fails on its own). */
  unitMonth(unitCode: string, period: string): Promise<string> | undefined {
    let code: string;
    let date: string;
    try {
      parsePeriod(period);
      code = parseUnitCode(unitCode, 'unitCode').code;
      date = periodToDate(period);
    } catch {
      return undefined;
    }
    return this.shared(`${code}|${date}`, () => this.repo.unitMonth(code, date));
  }

  private shared(key: string, read: () => Promise<string>): Promise<string> {
    let r = this.reads.get(key);
    if (!r) this.reads.set(key, (r = {}));
    const slot = r;
    if (!slot.running) {
      slot.running = read().finally(() => {
        slot.running = undefined;
        if (!slot.next) this.reads.delete(key);
      });
      return slot.running;
    }
    slot.next ??= slot.running
      .catch(() => undefined)
      .then(() => {
        slot.next = undefined;
        return this.shared(key, read);
      });
    return slot.next;
  }
}
