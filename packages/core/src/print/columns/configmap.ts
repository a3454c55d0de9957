/** ConfigMap columns (printConfigMap): DATA counts the keys of data and binaryData together. */
import type { KubeObject } from '../../api/meta.js';
import { AGE_COLUMN, NAME_COLUMN, age, column, nameOf, type Printer } from './common.js';

interface ConfigMapView extends KubeObject {
  data?: Record<string, string> | null;
  binaryData?: Record<string, string> | null;
}

export const configMapPrinter: Printer = {
  columns: [NAME_COLUMN, column('Data', 'string', 'The number of keys in data and binaryData.'), AGE_COLUMN],
  cells: (obj, now) => {
    const cm = obj as ConfigMapView;
    return [nameOf(cm), Object.keys(cm.data ?? {}).length + Object.keys(cm.binaryData ?? {}).length, age(cm, now)];
  },
};
