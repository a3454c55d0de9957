/** ServiceAccount columns (printServiceAccount): SECRETS counts the listed secrets. */
import type { KubeObject } from '../../api/meta.js';
import { AGE_COLUMN, NAME_COLUMN, age, column, nameOf, type Printer } from './common.js';

export const serviceAccountPrinter: Printer = {
  columns: [NAME_COLUMN, column('Secrets', 'string', 'The number of secrets listed on the service account.'), AGE_COLUMN],
  cells: (obj, now) => [nameOf(obj), ((obj as KubeObject & { secrets?: unknown[] | null }).secrets ?? []).length, age(obj, now)],
};
