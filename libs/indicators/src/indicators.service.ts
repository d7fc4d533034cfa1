import { Injectable } from '@nestjs/common';
import type { Indicator } from './indicator.js';
import { IndicatorsRepository } from './indicators.repository.js';

const CACHE_MS = 10_000;

/** The catalogue, read at most every few seconds (an administrator may add an indicator at any time). */
@Injectable()
export class IndicatorsService {
  private cached?: { at: number; list: Indicator[]; byCode: Map<string, Indicator> };

  constructor(private readonly repo: IndicatorsRepository) {}

  async catalogue(): Promise<{ list: Indicator[]; byCode: Map<string, Indicator> }> {
    if (!this.cached || Date.now() - this.cached.at > CACHE_MS) {
      const list = await this.repo.listActive();
      this.cached = { at: Date.now(), list, byCode: new Map(list.map((i) => [i.code, i])) };
    }
    return this.cached;
  }

  async list(): Promise<Indicator[]> {
    return (await this.catalogue()).list;
  }
}
