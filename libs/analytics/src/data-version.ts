import { Injectable } from '@nestjs/common';
import { coversReadScope, LOG_POSITION_SQL, readAt, ReplicaReads } from '@carenet/database';
import { parsePeriod, parseUnitCode, periodToDate } from '@carenet/core';

/** The version of a unit's month of statistics, and the log position it was read at. */
export interface UnitMonthVersion {
  version: string;
  at: string;
}

/** The stamps the statistics of a unit's month are read from. */
@Injectable()
export class DataVersionRepository {
  constructor(private readonly reads: ReplicaReads) {}

  /**
   * The tree's version, then, for every unit with this code (any depth, any time) and each of its children,
   * its id and its completeness row's transaction and time (or '-' without one). Every transaction that writes
   * a unit's rollup values rewrites its completeness row (RollupRepository.recomputeUnit, repair), and a tree
   * change deletes the rows of the units it ends: so this changes with every commit that changes what
   * stats/statsBreakdown answer, and with nothing else. Read where the statistics are (the replica when it
   * is fresh enough for the request), with the log position it was read at (`at`).
   */
  async unitMonth(code: string, periodDate: string): Promise<UnitMonthVersion> {
    const [row] = await this.reads.query<{ v: string; at: string }>(
      `SELECT ${LOG_POSITION_SQL} AS at, (SELECT n FROM tree_version)::text || '|' || coalesce(string_agg(u.id || ':' || coalesce(rc.xmin::text || '@' || rc.computed_at::text, '-'), ',' ORDER BY u.id), '') AS v
         FROM (SELECT p.id FROM admin_unit p WHERE p.code = $1
               UNION
               SELECT c.id FROM admin_unit c WHERE c.parent_id IN (SELECT p.id FROM admin_unit p WHERE p.code = $1)) u
         LEFT JOIN rollup_completeness rc ON rc.unit_id = u.id AND rc.period = $2::date`,
      [code, periodDate],
    );
    return { version: row!.v, at: row!.at };
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
  private readonly reads = new Map<string, { running?: Promise<UnitMonthVersion>; next?: Promise<UnitMonthVersion> }>();

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
    return this.forRequest(`${code}|${date}`, () => this.repo.unitMonth(code, date));
  }

  /**
   * A shared read that was made for a request that had seen less (a replica further behind than this
   * request's version) is not used: this request reads again. Then every statistics read of the request
   * reflects at least where its version was read, so an answer built now is never older than its version.
   */
  private async forRequest(key: string, read: () => Promise<UnitMonthVersion>): Promise<string> {
    let v = await this.shared(key, read);
    if (!coversReadScope(v.at)) v = await read();
    readAt(v.at);
    return v.version;
  }

  private shared(key: string, read: () => Promise<UnitMonthVersion>): Promise<UnitMonthVersion> {
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
