/**
 * PriorityClass columns (printPriorityClass): VALUE, GLOBAL-DEFAULT, AGE, PREEMPTIONPOLICY.
 * PREEMPTIONPOLICY has priority 0 upstream, so kubectl shows it without -o wide.
 */
import type { KubeObject } from '../../api/meta.js';
import { AGE_COLUMN, NAME_COLUMN, age, column, int, nameOf, type Printer } from './common.js';

interface PriorityClassView extends KubeObject {
  value?: number;
  globalDefault?: boolean;
  preemptionPolicy?: string | null;
}

export const priorityClassPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    column('Value', 'integer', 'The priority pods of this class receive.'),
    column('Global-Default', 'boolean', 'Whether pods without a class get this one.'),
    AGE_COLUMN,
    column('PreemptionPolicy', 'string', 'Whether pods of this class may preempt lower-priority pods.'),
  ],
  cells: (obj, now) => {
    const pc = obj as PriorityClassView;
    // Decoding defaults the policy to PreemptLowerPriority.
    return [nameOf(pc), int(pc.value), pc.globalDefault === true, age(pc, now), pc.preemptionPolicy ?? 'PreemptLowerPriority'];
  },
};
