export * from './queue-names.js';
export * from './redis.js';
export * from './queue.module.js';
export * from './handlers.js';
export * from './outbox.repository.js';
export * from './outbox.module.js';
