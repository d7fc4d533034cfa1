export * from './admin-audit.repository.js';
export * from './admin-audit.module.js';
