export * from './report.js';
export * from './violation.js';
export * from './workflow.js';
export * from './reporting.errors.js';
export * from './reports.service.js';
export * from './import.service.js';
export * from './reporting.module.js';
export type { ImportFormat } from './import-file.js';
export { validateForSave, isRobustOutlier, median } from './validation.js';
