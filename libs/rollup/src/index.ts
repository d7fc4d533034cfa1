export * from './rollup.repository.js';
export * from './rollup.service.js';
export * from './rollup.module.js';
export * from './provincial-report.service.js';
export * from './completeness.service.js';
export * from './rollup.errors.js';
