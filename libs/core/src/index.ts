export * from './config.js';
export * from './errors.js';
export * from './period.js';
export * from './unit-code.js';
export * from './logger.js';
export * from './request-context.js';
export * from './connection.js';
export * from './core.module.js';
