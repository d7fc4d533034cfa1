export * from './rollup.repository.js';
export type { RollupDifference } from './rollup-verifier.repository.js';
export type { CompletenessRow } from './rollup-reads.repository.js';
export * from './provincial-report-content.js';
export * from './rollup.service.js';
export * from './rollup.module.js';
export * from './provincial-report.service.js';
export * from './completeness.service.js';
export * from './rollup.errors.js';
