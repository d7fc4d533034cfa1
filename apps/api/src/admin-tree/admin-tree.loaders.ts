import DataLoader from 'dataloader';
import type { AdminTreeService, AdminUnit, Page } from '@carenet/admin-tree';

/**
 * Per-request batching of tree reads: every parent, ancestor or page of
 * children asked for while resolving one level of a query is fetched with one
 * statement, whatever the number of units in the list.
 */
export class TreeLoaders {
  readonly byId: DataLoader<number, AdminUnit | null>;
  private readonly childPages = new Map<string, DataLoader<number, Page<AdminUnit>>>();
  private readonly childCounts = new Map<string, DataLoader<number, number>>();

  constructor(private readonly tree: AdminTreeService) {
    this.byId = new DataLoader(async (ids) => {
      const units = await tree.unitsByIds(ids);
      const map = new Map(units.map((u) => [u.id, u]));
      return ids.map((id) => map.get(id) ?? null);
    });
  }

  /** Pages of children share a loader when they share their arguments. */
  children(args: { first?: number | null; after?: string | null; period?: string | null }): DataLoader<number, Page<AdminUnit>> {
    const key = JSON.stringify([args.first ?? null, args.after ?? null, args.period ?? null]);
    let loader = this.childPages.get(key);
    if (!loader) {
      const counts = this.counts(args.period);
      loader = new DataLoader(async (parentIds) => {
        const pages = await this.tree.childrenPages(parentIds, args.first, args.after, args.period);
        return pages.map((page, i) => ({ ...page, totalCount: () => counts.load(parentIds[i]!) }));
      });
      this.childPages.set(key, loader);
    }
    return loader;
  }

  private counts(period: string | null | undefined): DataLoader<number, number> {
    const key = period ?? '';
    let loader = this.childCounts.get(key);
    if (!loader) {
      loader = new DataLoader(async (parentIds) => {
        const counts = await this.tree.countChildren(parentIds, period);
        return parentIds.map((id) => counts.get(id) ?? 0);
      });
      this.childCounts.set(key, loader);
    }
    return loader;
  }
}
