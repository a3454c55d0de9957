/**
 * Endpoints (ValidateEndpoints in pkg/apis/core/validation): every subset has addresses, which
 * are valid, non-special IPs, and ports that are named when there are several.
 */
import type { KubeObject } from '../api/meta.js';
import { type Errs, invalid, notSupported, required } from './field.js';
import { isValidPortNum } from './formats.js';
import { validateIP, validateNonSpecialIP } from './ip.js';
import { isDNS1123Label, isDNS1123Subdomain, isQualifiedName } from './names.js';
import { PROTOCOLS } from './container.js';
import { type Obj, num, present, recs, str } from './shape.js';

/**
 * The API server's own endpoints (default/kubernetes) point at 127.0.0.1 in kubelab, where the
 * API server listens on loopback. kube-apiserver never advertises a loopback address (it
 * would reject this very write), so the loopback rule is waived for that one object only.
 */
function isOwnEndpoints(ep: KubeObject): boolean {
  return ep.metadata?.namespace === 'default' && ep.metadata?.name === 'kubernetes';
}

function validateAddress(a: Obj, field: string, allowLoopback: boolean): Errs {
  const ip = str(a['ip']);
  const errs = validateIP(`${field}.ip`, ip);
  const hostname = str(a['hostname']);
  if (hostname !== '') for (const m of isDNS1123Label(hostname)) errs.push(invalid(`${field}.hostname`, hostname, m));
  if (present(a['nodeName'])) for (const m of isDNS1123Subdomain(str(a['nodeName']))) errs.push(invalid(`${field}.nodeName`, a['nodeName'], m));
  const special = validateNonSpecialIP(`${field}.ip`, ip).filter((e) => !(allowLoopback && String(e.detail).includes('loopback')));
  return [...errs, ...special];
}

/** An EndpointPort of Endpoints: named when there are several, a port number and protocol. */
export function validateEndpointPort(port: Obj, requireName: boolean, field: string): Errs {
  const errs: Errs = [];
  const name = str(port['name']);
  if (requireName && name === '') errs.push(required(`${field}.name`));
  else if (name !== '') for (const m of isDNS1123Label(name)) errs.push(invalid(`${field}.name`, name, m));
  const p = num(port['port']) ?? 0;
  for (const m of isValidPortNum(p)) errs.push(invalid(`${field}.port`, p, m));
  const protocol = str(port['protocol']);
  if (protocol === '') errs.push(required(`${field}.protocol`));
  else if (!PROTOCOLS.includes(protocol)) errs.push(notSupported(`${field}.protocol`, protocol, PROTOCOLS));
  if (present(port['appProtocol'])) for (const m of isQualifiedName(str(port['appProtocol']))) errs.push(invalid(`${field}.appProtocol`, port['appProtocol'], m));
  return errs;
}

export function validateEndpoints(ep: KubeObject): Errs {
  const errs: Errs = [];
  const own = isOwnEndpoints(ep);
  recs(ep['subsets']).forEach((ss, i) => {
    const p = `subsets[${i}]`;
    const addresses = recs(ss['addresses']);
    const notReady = recs(ss['notReadyAddresses']);
    if (addresses.length === 0 && notReady.length === 0) errs.push(required(p, 'must specify `addresses` or `notReadyAddresses`'));
    addresses.forEach((a, j) => errs.push(...validateAddress(a, `${p}.addresses[${j}]`, own)));
    notReady.forEach((a, j) => errs.push(...validateAddress(a, `${p}.notReadyAddresses[${j}]`, own)));
    const ports = recs(ss['ports']);
    ports.forEach((port, j) => errs.push(...validateEndpointPort(port, ports.length > 1, `${p}.ports[${j}]`)));
  });
  return errs;
}
