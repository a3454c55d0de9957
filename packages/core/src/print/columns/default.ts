/**
 * The table kube-apiserver serves for kinds without a printer of their own — in kubelab's
 * registry LimitRange, Role and ClusterRole (k8s.io/apiserver/pkg/registry/rest/table.go):
 * NAME and CREATED AT, the creation time in UTC RFC 3339 ("2025-01-01T00:00:00Z").
 *
 * kubectl's own fallback, NAME and AGE, applies only when a server returns no Table at all,
 * which never happens here.
 */
import type { KubeObject } from '../../api/meta.js';
import { NAME_COLUMN, column, nameOf, parseTime, type Printer } from './common.js';

export const defaultPrinter: Printer = {
  columns: [NAME_COLUMN, column('Created At', 'date', 'When the object was created (metadata.creationTimestamp).')],
  cells: (obj) => [nameOf(obj), createdAt(obj)],
};

function createdAt(obj: KubeObject): string {
  // A zero time formats as Go's zero time.
  const t = parseTime(obj.metadata?.creationTimestamp) ?? Date.parse('0001-01-01T00:00:00Z');
  return new Date(Math.floor(t / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}
