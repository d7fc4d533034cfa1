export * from './indicator.js';
export * from './indicators.repository.js';
export * from './indicators.service.js';
export * from './indicators.module.js';
export * from './table-export.js';
export * from './in-force.js';
