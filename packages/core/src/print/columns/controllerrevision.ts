/**
 * ControllerRevision columns (printControllerRevision): CONTROLLER as
 * "<kind>.<group>/<name>" in lower case from the controlling owner reference
 * ("daemonset.apps/fluentd", "<none>" without one) and REVISION.
 */
import type { KubeObject } from '../../api/meta.js';
import { parseApiVersion } from '../../api/meta.js';
import { AGE_COLUMN, NAME_COLUMN, age, column, controllerOf, int, nameOf, type Printer } from './common.js';

export const controllerRevisionPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    column('Controller', 'string', 'The object that owns and controls this revision.'),
    column('Revision', 'string', 'The revision number, increasing with each change of the template.'),
    AGE_COLUMN,
  ],
  cells: (obj, now) => [nameOf(obj), controllerName(obj), int((obj as KubeObject & { revision?: number }).revision), age(obj, now)],
};

function controllerName(obj: KubeObject): string {
  const ref = controllerOf(obj);
  if (!ref) return '<none>';
  const { group } = parseApiVersion(ref.apiVersion ?? '');
  const groupKind = group ? `${ref.kind}.${group}` : ref.kind;
  return groupKind ? `${groupKind.toLowerCase()}/${ref.name}` : ref.name;
}
