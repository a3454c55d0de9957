/** Secret columns (printSecret): TYPE and DATA, the number of keys in data. */
import type { KubeObject } from '../../api/meta.js';
import { AGE_COLUMN, NAME_COLUMN, age, column, nameOf, type Printer } from './common.js';

interface SecretView extends KubeObject {
  type?: string;
  data?: Record<string, string> | null;
  stringData?: Record<string, string> | null;
}

export const secretPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    column('Type', 'string', 'What the secret holds, such as Opaque or kubernetes.io/tls.'),
    column('Data', 'string', 'The number of keys in the secret.'),
    AGE_COLUMN,
  ],
  cells: (obj, now) => {
    const secret = obj as SecretView;
    // stringData is merged into data on write; count its keys too in case an object has not been.
    const keys = new Set([...Object.keys(secret.data ?? {}), ...Object.keys(secret.stringData ?? {})]);
    // Decoding defaults the type to Opaque.
    return [nameOf(secret), secret.type || 'Opaque', keys.size, age(secret, now)];
  },
};
