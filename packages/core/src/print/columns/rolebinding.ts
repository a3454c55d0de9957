/**
 * RoleBinding and ClusterRoleBinding columns (printRoleBinding, printClusterRoleBinding):
 * ROLE as "<kind>/<name>", and with -o wide the USERS, GROUPS and SERVICEACCOUNTS
 * ("<namespace>/<name>") among the subjects, each joined with ", ".
 */
import type { KubeObject } from '../../api/meta.js';
import { AGE_COLUMN, NAME_COLUMN, age, column, nameOf, text, wide, type Printer } from './common.js';

interface RoleBindingView extends KubeObject {
  roleRef?: { kind?: string; name?: string };
  subjects?: Array<{ kind?: string; name?: string; namespace?: string }> | null;
}

function bindingPrinter(scope: string): Printer {
  return {
    columns: [
      NAME_COLUMN,
      column('Role', 'string', 'The role the binding grants, as kind/name.'),
      AGE_COLUMN,
      wide('Users', 'string', `Users the ${scope} grants the role to.`),
      wide('Groups', 'string', `Groups the ${scope} grants the role to.`),
      wide('ServiceAccounts', 'string', `Service accounts the ${scope} grants the role to.`),
    ],
    cells: (obj, now) => {
      const rb = obj as RoleBindingView;
      const users: string[] = [];
      const groups: string[] = [];
      const serviceAccounts: string[] = [];
      for (const s of rb.subjects ?? []) {
        if (s.kind === 'ServiceAccount') serviceAccounts.push(`${text(s.namespace)}/${text(s.name)}`);
        else if (s.kind === 'User') users.push(text(s.name));
        else if (s.kind === 'Group') groups.push(text(s.name));
      }
      return [
        nameOf(rb),
        `${text(rb.roleRef?.kind)}/${text(rb.roleRef?.name)}`,
        age(rb, now),
        users.join(', '),
        groups.join(', '),
        serviceAccounts.join(', '),
      ];
    },
  };
}

export const roleBindingPrinter = bindingPrinter('role binding');
export const clusterRoleBindingPrinter = bindingPrinter('cluster role binding');
