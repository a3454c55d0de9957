/** Server-side apply: field ownership (managedFields), apply merges and conflicts. */
export { applyServerSide, updateManagedFields, managerOrUserAgent, LAST_APPLIED_ANNOTATION, type FieldManagerOptions } from './field-manager.js';
export { FieldSet } from './field-set.js';
export { toFieldSet } from './to-field-set.js';
export { compare, type Comparison } from './compare.js';
export { pathString, serializeElement, type Path, type PathElement } from './path.js';
export { conflictMessage } from './conflicts.js';
