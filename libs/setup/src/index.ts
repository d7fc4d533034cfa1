export * from './setup.errors.js';
export * from './setup.rules.js';
export * from './setup.service.js';
export * from './setup.module.js';
