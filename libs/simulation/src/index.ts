export * from './figures.js';
export * from './pool.js';
export * from './simulation.service.js';
export * from './simulation.module.js';
