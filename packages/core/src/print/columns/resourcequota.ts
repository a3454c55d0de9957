/**
 * ResourceQuota columns (printResourceQuota): REQUEST and LIMIT list "<resource>:
 * <used>/<hard>" for every hard limit in resource-name order, the "limits.*" resources under
 * LIMIT and all others under REQUEST; a resource not yet counted shows 0 used.
 */
import type { KubeObject } from '../../api/meta.js';
import { AGE_COLUMN, NAME_COLUMN, age, column, compareStrings, nameOf, quantityText, type Printer } from './common.js';

interface ResourceQuotaView extends KubeObject {
  status?: { hard?: Record<string, string>; used?: Record<string, string> };
}

export const resourceQuotaPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    column('Request', 'string', 'Used and hard amounts of every resource the quota limits except limits.*.'),
    column('Limit', 'string', 'Used and hard amounts of the limits.* resources.'),
    AGE_COLUMN,
  ],
  cells: (obj, now) => {
    const quota = obj as ResourceQuotaView;
    const hard = quota.status?.hard ?? {};
    const used = quota.status?.used ?? {};
    const requests: string[] = [];
    const limits: string[] = [];
    for (const name of Object.keys(hard).sort(compareStrings)) {
      const entry = `${name}: ${quantityText(used[name])}/${quantityText(hard[name])}`;
      const parts = name.split('.');
      (parts.length > 1 && parts[0] === 'limits' ? limits : requests).push(entry);
    }
    return [nameOf(quota), requests.join(', '), limits.join(', '), age(quota, now)];
  },
};
