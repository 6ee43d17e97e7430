/**
 * Bounds on what the playground reads from a user's files, so a hostile or mistaken file is
 * refused with a message instead of exhausting memory: one constant per limit, cited by the
 * parsers' messages, the README and the tests.
 */

/** Most bytes an uploaded file may hold after decompression (and before, for raw files): 512 MB. */
export const MAX_UPLOAD_BYTES = 512 * 1024 * 1024;

/** Most data rows (after the header) a CSV upload may have. */
export const MAX_CSV_ROWS = 1_000_000;

/** Most columns a CSV upload may have. */
export const MAX_CSV_COLUMNS = 10_000;

/** Most cells (rows x columns) a numeric CSV upload may have: its features take 4 bytes each. */
export const MAX_CSV_CELLS = 64_000_000;

/** "512 MB" for messages. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round(bytes / (1024 * 1024)).toLocaleString('en-US')} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024).toLocaleString('en-US')} KB`;
  return `${bytes} bytes`;
}
