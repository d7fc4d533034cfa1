import { Injectable } from '@nestjs/common';
import { checkPageSize, InputError, InputErrorReason, type Actor } from '@carenet/core';
import { ChangeFeedRepository, type FeedItem, type TreeEvent } from './change-feed.repository.js';

export const MAX_FEED_PAGE = 1000;

export interface ChangePage {
  items: FeedItem[];
  /** Tree changes numbered within this page's range, each with the units the reader may see. */
  treeEvents: TreeEvent[];
  nextCursor: string;
  hasMore: boolean;
}

function parseCursor(since: string | null | undefined): number {
  if (since === null || since === undefined || since === '') return 0;
  const m = /^f1\.(\d{1,18})$/.exec(since);
  if (!m) throw new InputError(InputErrorReason.INVALID_CURSOR, 'since: not a cursor this feed gave out (use null to start from the beginning)', 'since');
  return Number(m[1]);
}

/**
 * The sync feed for external systems: approved figures in a stable order,
 * resumable from any cursor, within the caller's subtree. Following
 * nextCursor from null gives every figure at its latest approved value; a
 * figure changed after it was read comes again, later, with its new value.
 * Reading never writes: the worker numbers changed figures after every
 * rollup job (and every 30 s), so a figure appears in the feed within
 * seconds of its approval.
 */
@Injectable()
export class ChangeFeedService {
  constructor(private readonly repo: ChangeFeedRepository) {}

  /** Gives changed figures their feed numbers (the worker calls this); how many it numbered. */
  numberChanges(): Promise<number> {
    return this.repo.number();
  }

  async changes(actor: Actor, since: string | null | undefined, first: number | null | undefined): Promise<ChangePage> {
    const after = parseCursor(since);
    const limit = checkPageSize(first, MAX_FEED_PAGE, 100);
    const within = actor.unitPathIds.join('.');
    const rows = await this.repo.page(after, limit, within);
    const items = rows.slice(0, limit);
    const hasMore = rows.length > limit;
    // tree events share the numbering: those up to the page's last figure (to the end when it is the last page)
    const upto = hasMore ? items.at(-1)!.seq : await this.repo.lastSeq();
    const treeEvents = await this.repo.treeEvents(after, upto, within);
    const last = Math.max(items.at(-1)?.seq ?? after, treeEvents.at(-1)?.seq ?? after);
    return { items, treeEvents, nextCursor: `f1.${last}`, hasMore };
  }
}
