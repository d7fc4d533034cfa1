// first: @carenet/admin-tree needs these while it loads (its tree changes move the files), and this lib needs it back for its units
export * from './registry-tree.module.js';
export { RegistryTreeRepository, type FilesFollowed } from './registry-tree.repository.js';
export * from './child.js';
export * from './id-number.js';
export * from './data-keyring.js';
export * from './registry-access.js';
export * from './registry-difference.js';
export * from './registry.errors.js';
export * from './registry.service.js';
export * from './registry-counts.service.js';
export * from './registry.module.js';
export { REGISTRY_INDICATORS } from './registry-counts.repository.js';
export { monthEnd, eighteenthBirthday, holdingOn } from './file-rules.js';
export * from './monitoring.service.js';
export * from './registry-bulk.service.js';
export { CHILD_IMPORT_COLUMNS, type ChildImportFormat } from './child-import-file.js';
export * from './registry-simulation.service.js';
