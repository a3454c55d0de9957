/**
 * EndpointSlices (ValidateEndpointSlice in pkg/apis/discovery/validation): a known address
 * type, endpoints with addresses of that type, uniquely named ports; the address type cannot
 * change.
 */
import type { KubeObject } from '../api/meta.js';
import { type Errs, duplicate, immutable, invalid, notSupported, required, tooMany } from './field.js';
import { validateIPv4, validateIPv6, validateNonSpecialIP } from './ip.js';
import { validateLabelMap } from './label-selector.js';
import { isDNS1123Label, isDNS1123Subdomain, isQualifiedName, isValidLabelValue } from './names.js';
import { PROTOCOLS } from './container.js';
import { isObj, present, rec, recs, str, strs } from './shape.js';

const ADDRESS_TYPES = ['FQDN', 'IPv4', 'IPv6'];

/** IsFullyQualifiedDomainName: a DNS subdomain with at least two labels. */
function validateFQDN(field: string, name: string): Errs {
  if (name === '') return [required(field)];
  const n = name.endsWith('.') ? name.slice(0, -1) : name;
  const sub = isDNS1123Subdomain(n);
  if (sub.length > 0) return [invalid(field, n, sub.join(','))];
  const labels = n.split('.');
  if (labels.length < 2) return [invalid(field, n, 'should be a domain with at least two segments separated by dots')];
  for (const l of labels) {
    const e = isDNS1123Label(l);
    if (e.length > 0) return [invalid(field, l, e.join(','))];
  }
  return [];
}

export function validateEndpointSlice(slice: KubeObject): Errs {
  const errs: Errs = [];
  const type = str(slice['addressType']);
  if (type === '') errs.push(required('addressType'));
  else if (!ADDRESS_TYPES.includes(type)) errs.push(notSupported('addressType', type, ADDRESS_TYPES));
  const endpoints = recs(slice['endpoints']);
  if (endpoints.length > 1000) errs.push(tooMany('endpoints', endpoints.length, 1000));
  else endpoints.forEach((ep, i) => {
    const p = `endpoints[${i}]`;
    const addresses = strs(ep['addresses']);
    if (addresses.length === 0) errs.push(required(`${p}.addresses`, 'must contain at least 1 address'));
    else if (addresses.length > 100) errs.push(tooMany(`${p}.addresses`, addresses.length, 100));
    addresses.forEach((a, j) => {
      const f = `${p}.addresses[${j}]`;
      if (type === 'IPv4') errs.push(...validateIPv4(f, a), ...validateNonSpecialIP(f, a));
      else if (type === 'IPv6') errs.push(...validateIPv6(f, a), ...validateNonSpecialIP(f, a));
      else if (type === 'FQDN') errs.push(...validateFQDN(f, a));
    });
    if (present(ep['nodeName'])) for (const m of isDNS1123Subdomain(str(ep['nodeName']))) errs.push(invalid(`${p}.nodeName`, ep['nodeName'], m));
    const topology = rec(ep['deprecatedTopology']);
    if (Object.keys(topology).length > 16) errs.push(tooMany(`${p}.deprecatedTopology`, Object.keys(topology).length, 16));
    errs.push(...validateLabelMap(topology, `${p}.deprecatedTopology`));
    if (present(ep['hostname'])) for (const m of isDNS1123Label(str(ep['hostname']))) errs.push(invalid(`${p}.hostname`, ep['hostname'], m));
    if (isObj(ep['hints'])) {
      const zones = recs(ep['hints']['forZones']);
      if (zones.length > 8) errs.push(tooMany(`${p}.hints.forZones`, zones.length, 8));
      else {
        const seen = new Set<string>();
        zones.forEach((z, j) => {
          const name = str(z['name']);
          const zp = `${p}.hints.forZones[${j}].name`;
          if (seen.has(name)) errs.push(duplicate(zp, name));
          seen.add(name);
          for (const m of isValidLabelValue(name)) errs.push(invalid(zp, name, m));
        });
      }
    }
  });
  const ports = recs(slice['ports']);
  if (ports.length > 20000) errs.push(tooMany('ports', ports.length, 20000));
  else {
    const names = new Set<string>();
    ports.forEach((port, i) => {
      const p = `ports[${i}]`;
      const name = str(port['name']);
      if (name !== '') for (const m of isDNS1123Label(name)) errs.push(invalid(`${p}.name`, name, m));
      if (names.has(name)) errs.push(duplicate(`${p}.name`, name));
      names.add(name);
      if (!present(port['protocol'])) errs.push(required(`${p}.protocol`));
      else if (!PROTOCOLS.includes(str(port['protocol']))) errs.push(notSupported(`${p}.protocol`, port['protocol'], PROTOCOLS));
      if (present(port['appProtocol'])) for (const m of isQualifiedName(str(port['appProtocol']))) errs.push(invalid(`${p}.appProtocol`, port['appProtocol'], m));
    });
  }
  return errs;
}

export function validateEndpointSliceUpdate(slice: KubeObject, old: KubeObject): Errs {
  return [...validateEndpointSlice(slice), ...immutable(slice['addressType'], old['addressType'], 'addressType')];
}
