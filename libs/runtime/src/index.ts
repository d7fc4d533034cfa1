export * from './local-services.js';
export * from './probe.js';
export * from './node-args.js';
export * from './scale-services.js';
