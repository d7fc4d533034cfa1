import type { Request } from 'express';
import type { Actor } from '@carenet/core';
import type { TreeLoaders } from '../admin-tree/admin-tree.loaders.js';
import type { ReportLoaders } from '../reporting/report.loaders.js';
import type { StatsLoaders } from '../analytics/analytics.loaders.js';

export interface GqlContext {
  req: Request;
  /** Who sent the request; absent without an Authorization header. */
  actor?: Actor;
  /** Why the Authorization header was not accepted (raised when an operation needs the actor). */
  authError?: unknown;
  loaders: { tree: TreeLoaders; reports: ReportLoaders; stats: StatsLoaders };
}
