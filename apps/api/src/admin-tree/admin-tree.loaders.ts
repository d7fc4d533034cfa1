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
      loader = new DataLoader((parentIds) => this.tree.childrenPages(parentIds, args.first, args.after, args.period));
      this.childPages.set(key, loader);
    }
    return loader;
  }
}
