export * from './catalogue.errors.js';
export * from './catalogue-rules.js';
export * from './catalogue.repository.js';
export * from './catalogue.service.js';
export * from './catalogue.module.js';
