export * from './stats.service.js';
export * from './change-feed.service.js';
export * from './analytics.module.js';
export type { FeedItem, TreeEvent } from './change-feed.repository.js';
export * from './analytics.errors.js';
export { DataVersion } from './data-version.js';
