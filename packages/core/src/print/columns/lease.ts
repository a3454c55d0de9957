/** Lease columns (printLease): HOLDER is spec.holderIdentity, empty when nobody holds it. */
import type { KubeObject } from '../../api/meta.js';
import { AGE_COLUMN, NAME_COLUMN, age, column, nameOf, text, type Printer } from './common.js';

export const leasePrinter: Printer = {
  columns: [NAME_COLUMN, column('Holder', 'string', 'The identity of the current holder of the lease.'), AGE_COLUMN],
  cells: (obj, now) => [nameOf(obj), text((obj as KubeObject & { spec?: { holderIdentity?: string | null } }).spec?.holderIdentity), age(obj, now)],
};
