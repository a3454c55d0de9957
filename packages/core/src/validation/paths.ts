/**
 * File path rules for volume items and mounts (validateLocalDescendingPath,
 * validatePathNoBacksteps, ValidateLocalNonReservedPath in pkg/apis/core/validation), and the
 * octal file-mode range of volume sources.
 */
import { type Errs, invalid } from './field.js';

export const FILE_MODE_MESSAGE = 'must be a number between 0 and 0777 (octal), both inclusive';

export function validatePathNoBacksteps(path: string, field: string): Errs {
  return path.replace(/\\/g, '/').split('/').includes('..') ? [invalid(field, path, "must not contain '..'")] : [];
}

/** A relative path that stays below its base. */
export function validateLocalDescendingPath(path: string, field: string): Errs {
  const errs: Errs = [];
  if (path.startsWith('/')) errs.push(invalid(field, path, 'must be a relative path'));
  return [...errs, ...validatePathNoBacksteps(path, field)];
}

/** A descending path that does not start with ".." (names like "..data" are reserved for the kubelet). */
export function validateLocalNonReservedPath(path: string, field: string): Errs {
  const errs = validateLocalDescendingPath(path, field);
  if (path.startsWith('..') && !path.startsWith('../')) errs.push(invalid(field, path, "must not start with '..'"));
  return errs;
}

/** A file mode between 0 and 0777 (given in decimal in JSON: 420 is 0644). */
export function validateFileMode(mode: unknown, field: string): Errs {
  return typeof mode === 'number' && (mode > 0o777 || mode < 0) ? [invalid(field, mode, FILE_MODE_MESSAGE)] : [];
}
