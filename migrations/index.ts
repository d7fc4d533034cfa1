/** Every migration, oldest first. A new migration is added here as well as in its file. */
import { AdminTree1764400000000 } from './1764400000000-admin-tree.js';
import { Reporting1764500000000 } from './1764500000000-reporting.js';
import { Rollups1764600000000 } from './1764600000000-rollups.js';
import { ChangeFeed1764700000000 } from './1764700000000-change-feed.js';
import { AdminAudit1764800000000 } from './1764800000000-admin-audit.js';
import { UserAdministration1765100000000 } from './1765100000000-user-administration.js';
import { ReportAuditNoTruncate1765200000000 } from './1765200000000-report-audit-no-truncate.js';
import { TreeChanges1765300000000 } from './1765300000000-tree-changes.js';
import { ReportApprovedAt1765300000001 } from './1765300000001-report-approved-at.js';
import { Notifications1765300000002 } from './1765300000002-notifications.js';
import { Registry1765400000000 } from './1765400000000-registry.js';
import { RegistryNameGrams1765450000000 } from './1765450000000-registry-name-grams.js';
import { RegistryFacts1765450000001 } from './1765450000001-registry-facts.js';
import { ManagedCatalogue1765500000000 } from './1765500000000-managed-catalogue.js';
import { ImportJobs1765500000001 } from './1765500000001-import-jobs.js';
import { RollupPending1765600000000 } from './1765600000000-rollup-pending.js';
import { ProvinceReminderWebhooks1765700000000 } from './1765700000000-province-reminder-webhooks.js';
import { RequestCaches1765800000000 } from './1765800000000-request-caches.js';
import { ChildIdentityMinimised1765900000000 } from './1765900000000-child-identity-minimised.js';
import { FirstRunSetup1766000000000 } from './1766000000000-first-run-setup.js';

export const MIGRATIONS = [
  AdminTree1764400000000,
  Reporting1764500000000,
  Rollups1764600000000,
  ChangeFeed1764700000000,
  AdminAudit1764800000000,
  UserAdministration1765100000000,
  ReportAuditNoTruncate1765200000000,
  TreeChanges1765300000000,
  ReportApprovedAt1765300000001,
  Notifications1765300000002,
  Registry1765400000000,
  RegistryNameGrams1765450000000,
  RegistryFacts1765450000001,
  ManagedCatalogue1765500000000,
  ImportJobs1765500000001,
  RollupPending1765600000000,
  ProvinceReminderWebhooks1765700000000,
  RequestCaches1765800000000,
  ChildIdentityMinimised1765900000000,
  FirstRunSetup1766000000000,
];
