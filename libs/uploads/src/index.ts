export { fileLimits, FileLimitError, MAX_BLANK_LINES, type FileLimits } from './file-limits.js';
export { readUploadedTable, NOT_READABLE, type UploadCell, type UploadFormat, type UploadRow } from './upload-table.js';
