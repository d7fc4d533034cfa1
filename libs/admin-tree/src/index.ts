export * from './admin-unit.js';
export * from './admin-tree.errors.js';
export * from './admin-tree.service.js';
export * from './admin-tree.module.js';
export * from './division-import.service.js';
export { parseDivisionLine, splitCsvLine, type DivisionRow } from './china-division.js';
export * from './tree-change.js';
export { TreeChangeService, fingerprintOf, type TreeChangePreview, type AppliedTreeChange } from './tree-change.service.js';
export type { LineageRow } from './tree-change.repository.js';
