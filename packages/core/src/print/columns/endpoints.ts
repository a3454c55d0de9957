/**
 * Endpoints columns (printEndpoints): ENDPOINTS lists "ip:port" for every address and port
 * (ports outer, addresses inner, per subset; bare IPs for a subset without ports), at most
 * three, then " + N more...", and "<none>" without subsets.
 */
import type { KubeObject } from '../../api/meta.js';
import { AGE_COLUMN, NAME_COLUMN, age, column, int, nameOf, text, type Printer } from './common.js';

interface EndpointsView extends KubeObject {
  subsets?: Array<{ addresses?: Array<{ ip?: string }>; ports?: Array<{ port?: number }> }>;
}

/** How many entries the list-shaped cells show before " + N more...". */
export const LIST_CELL_LIMIT = 3;

export const endpointsPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    column('Endpoints', 'string', 'The ready addresses and ports behind the service.'),
    AGE_COLUMN,
  ],
  cells: (obj, now) => [nameOf(obj), endpointsText(obj as EndpointsView), age(obj, now)],
};

function endpointsText(ep: EndpointsView): string {
  const subsets = ep.subsets ?? [];
  if (subsets.length === 0) return '<none>';
  const shown: string[] = [];
  let count = 0;
  for (const subset of subsets) {
    const addresses = subset.addresses ?? [];
    const ports = subset.ports ?? [];
    if (ports.length === 0) {
      count += addresses.length;
      for (const a of addresses) {
        if (shown.length === LIST_CELL_LIMIT) break;
        shown.push(text(a.ip));
      }
      continue;
    }
    for (const port of ports) {
      count += addresses.length;
      for (const a of addresses) {
        if (shown.length === LIST_CELL_LIMIT) break;
        shown.push(joinHostPort(text(a.ip), int(port.port)));
      }
    }
  }
  const joined = shown.join(',');
  return count > LIST_CELL_LIMIT ? `${joined} + ${count - LIST_CELL_LIMIT} more...` : joined;
}

/** net.JoinHostPort: IPv6 addresses are bracketed. */
export function joinHostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}
