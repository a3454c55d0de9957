/**
 * PodDisruptionBudget columns (printPodDisruptionBudget): MIN AVAILABLE and MAX UNAVAILABLE
 * as written (a count or a percentage, "N/A" when unset) and ALLOWED DISRUPTIONS.
 */
import type { KubeObject } from '../../api/meta.js';
import { AGE_COLUMN, NAME_COLUMN, age, column, int, intOrStringText, nameOf, type Printer } from './common.js';

interface PodDisruptionBudgetView extends KubeObject {
  spec?: { minAvailable?: number | string | null; maxUnavailable?: number | string | null };
  status?: { disruptionsAllowed?: number };
}

export const podDisruptionBudgetPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    column('Min Available', 'string', 'Pods that must stay available during voluntary disruptions.'),
    column('Max Unavailable', 'string', 'Pods that may be unavailable during voluntary disruptions.'),
    column('Allowed Disruptions', 'integer', 'How many pods may be disrupted right now.'),
    AGE_COLUMN,
  ],
  cells: (obj, now) => {
    const pdb = obj as PodDisruptionBudgetView;
    const spec = pdb.spec ?? {};
    return [
      nameOf(pdb),
      spec.minAvailable == null ? 'N/A' : intOrStringText(spec.minAvailable),
      spec.maxUnavailable == null ? 'N/A' : intOrStringText(spec.maxUnavailable),
      int(pdb.status?.disruptionsAllowed),
      age(pdb, now),
    ];
  },
};
