import { Injectable } from '@nestjs/common';
import { parsePeriod, periodToDate } from '@carenet/core';
import { RegistrySimulationRepository } from './registry-simulation.repository.js';
import { AdminTreeService } from '@carenet/admin-tree';
import { RegistryCountsRepository } from './registry-counts.repository.js';

/** A programme-shaped registry for a province (or any subtree), for demonstrations and benchmarks. */
@Injectable()
export class RegistrySimulationService {
  constructor(
    private readonly repo: RegistrySimulationRepository,
    private readonly tree: AdminTreeService,
    private readonly counts: RegistryCountsRepository,
  ) {}

  async generate(o: { unitCode: string; period: string; perVillage?: number; seed?: number }): Promise<{ files: number; seconds: number }> {
    parsePeriod(o.period);
    const unit = await this.tree.unitInTree(o.unitCode, null, 'province');
    if (!unit) throw new Error(`province: no unit with code ${o.unitCode}; load the tree first (npm run seed:divisions -- --province ${o.unitCode})`);
    const t = performance.now();
    const files = await this.repo.generate({ unitPath: unit.pathIds.join('.'), periodDate: periodToDate(o.period), perVillage: o.perVillage ?? 55, seed: o.seed ?? 1 });
    // the files were written set-based, past the service: what they count for is derived once for all
    await this.counts.rebuildFacts();
    await this.repo.analyze();
    return { files, seconds: (performance.now() - t) / 1000 };
  }
}
