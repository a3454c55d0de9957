/** Namespace columns (printNamespace): STATUS is status.phase, Active or Terminating. */
import type { KubeObject } from '../../api/meta.js';
import { AGE_COLUMN, NAME_COLUMN, age, column, nameOf, type Printer } from './common.js';

export const namespacePrinter: Printer = {
  columns: [NAME_COLUMN, column('Status', 'string', 'Active, or Terminating while the namespace is being deleted.'), AGE_COLUMN],
  cells: (obj, now) => {
    // Decoding defaults the phase to Active.
    const phase = (obj as KubeObject & { status?: { phase?: string } }).status?.phase || 'Active';
    return [nameOf(obj), phase, age(obj, now)];
  },
};
