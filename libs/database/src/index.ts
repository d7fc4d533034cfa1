export * from './data-source.js';
export * from './query-counter.js';
export * from './database.module.js';
export * from './transactions.js';
export * from './app-role.js';
export * from './bulk-database.js';
export * from './rollup-version.js';
export * from './replica-reads.js';
