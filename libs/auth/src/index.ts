export * from './auth.errors.js';
export * from './auth.service.js';
export * from './auth.module.js';
export { MAX_FAILED_LOGINS } from './login-throttle.js';
export * from './user-admin.service.js';
export * from './user-admin.rules.js';
export type { ManagedApiKeyRow, ManagedUserRow } from './user-admin.repository.js';
