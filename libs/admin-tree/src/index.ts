export * from './admin-unit.js';
export * from './admin-tree.errors.js';
export * from './admin-tree.service.js';
export * from './admin-tree.module.js';
export * from './division-import.service.js';
export { parseDivisionLine, splitCsvLine, type DivisionRow } from './china-division.js';
export * from './unit-validity.js';
