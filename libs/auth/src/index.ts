export * from './auth.errors.js';
export * from './auth.service.js';
export * from './auth.module.js';
export { MAX_FAILED_LOGINS, MAX_FAILED_LOGINS_PER_ADDRESS } from './login-throttle.js';
export { normaliseUsername } from './username.js';
export { passwordHashingLoad, ARGON2_CONCURRENCY } from './password-hashing.js';
export * from './password-policy.js';
