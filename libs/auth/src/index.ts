export * from './auth.errors.js';
export * from './auth.service.js';
export * from './auth.module.js';
export { MAX_FAILED_LOGINS } from './login-throttle.js';
export * from './password-policy.js';
