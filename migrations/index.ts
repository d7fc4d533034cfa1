/** Every migration, oldest first. A new migration is added here as well as in its file. */
import { AdminTree1764400000000 } from './1764400000000-admin-tree.js';
import { Reporting1764500000000 } from './1764500000000-reporting.js';
import { Rollups1764600000000 } from './1764600000000-rollups.js';
import { ChangeFeed1764700000000 } from './1764700000000-change-feed.js';
import { AdminAudit1764800000000 } from './1764800000000-admin-audit.js';
import { UserAdministration1765100000000 } from './1765100000000-user-administration.js';

export const MIGRATIONS = [AdminTree1764400000000, Reporting1764500000000, Rollups1764600000000, ChangeFeed1764700000000, AdminAudit1764800000000, UserAdministration1765100000000];
