/**
 * EndpointSlice columns (printEndpointSlice): ADDRESSTYPE, PORTS (port numbers, a port's
 * name when it has no number, "*" for neither), ENDPOINTS (every address of every
 * endpoint); both list at most three then " + N more...", and "<unset>" when empty.
 */
import type { KubeObject } from '../../api/meta.js';
import { AGE_COLUMN, NAME_COLUMN, age, column, nameOf, text, type Printer } from './common.js';
import { LIST_CELL_LIMIT } from './endpoints.js';

interface EndpointSliceView extends KubeObject {
  addressType?: string;
  ports?: Array<{ port?: number | null; name?: string | null }> | null;
  endpoints?: Array<{ addresses?: string[] }> | null;
}

export const endpointSlicePrinter: Printer = {
  columns: [
    NAME_COLUMN,
    column('AddressType', 'string', 'The address family of the endpoints: IPv4, IPv6 or FQDN.'),
    column('Ports', 'string', 'The ports every endpoint in the slice serves.'),
    column('Endpoints', 'string', 'The addresses of the endpoints in the slice.'),
    AGE_COLUMN,
  ],
  cells: (obj, now) => {
    const slice = obj as EndpointSliceView;
    const ports = (slice.ports ?? []).map((p) => (typeof p.port === 'number' ? String(p.port) : p.name != null ? p.name : '*'));
    const addresses = (slice.endpoints ?? []).flatMap((e) => e.addresses ?? []);
    return [nameOf(slice), text(slice.addressType), listWithMore(ports), listWithMore(addresses), age(slice, now)];
  },
};

function listWithMore(items: readonly string[]): string {
  const joined = items.slice(0, LIST_CELL_LIMIT).join(',');
  if (items.length > LIST_CELL_LIMIT) return `${joined} + ${items.length - LIST_CELL_LIMIT} more...`;
  return joined === '' ? '<unset>' : joined;
}
