export * from './local-services.js';
export * from './probe.js';
