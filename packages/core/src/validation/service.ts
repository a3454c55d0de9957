/**
 * Services (ValidateService, ValidateServiceClusterIPsRelatedFields and ValidateServiceUpdate in
 * pkg/apis/core/validation). Cluster IPs, IP families and node ports are allocated before
 * validation runs (by admission here, by the registry upstream); node port ranges are the
 * allocator's to enforce.
 */
import type { KubeObject } from '../api/meta.js';
import { type Errs, duplicate, forbidden, invalid, notSupported, required, semanticEqual } from './field.js';
import { isValidPortNum } from './formats.js';
import { validatePortNumOrName } from './int-or-string.js';
import { isIPv6String, parseIP, validateCIDR, validateIP, validateNonSpecialIP } from './ip.js';
import { validateLabelMap } from './label-selector.js';
import { isDNS1123Label, isDNS1123Subdomain, isQualifiedName } from './names.js';
import { PROTOCOLS } from './container.js';
import { type Obj, arr, isObj, num, present, rec, recs, str, strs } from './shape.js';

const TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
const POLICY_VALUES = ['Cluster', 'Local'];
const IP_FAMILY_POLICIES = ['PreferDualStack', 'RequireDualStack', 'SingleStack'];
const MAX_AFFINITY_SECONDS = 86400;

function isHeadless(spec: Obj): boolean {
  const ips = strs(spec['clusterIPs']);
  return ips.length === 1 && ips[0] === 'None';
}

function externallyAccessible(spec: Obj): boolean {
  const type = str(spec['type']);
  return type === 'LoadBalancer' || type === 'NodePort' || (type === 'ClusterIP' && arr(spec['externalIPs']).length > 0);
}

function validateServicePort(sp: Obj, requireName: boolean, names: Set<string>, field: string): Errs {
  const errs: Errs = [];
  const name = str(sp['name']);
  if (requireName && name === '') errs.push(required(`${field}.name`));
  else if (name !== '') {
    for (const m of isDNS1123Label(name)) errs.push(invalid(`${field}.name`, name, m));
    if (names.has(name)) errs.push(duplicate(`${field}.name`, name));
    else names.add(name);
  }
  const port = num(sp['port']) ?? 0;
  for (const m of isValidPortNum(port)) errs.push(invalid(`${field}.port`, port, m));
  const protocol = str(sp['protocol']);
  if (protocol === '') errs.push(required(`${field}.protocol`));
  else if (!PROTOCOLS.includes(protocol)) errs.push(notSupported(`${field}.protocol`, protocol, PROTOCOLS));
  errs.push(...validatePortNumOrName(sp['targetPort'] ?? 0, `${field}.targetPort`));
  if (present(sp['appProtocol'])) {
    const ap = str(sp['appProtocol']);
    for (const m of isQualifiedName(ap)) errs.push(invalid(`${field}.appProtocol`, ap, m));
  }
  return errs;
}

function validateClusterIPsRelatedFields(spec: Obj): Errs {
  if (str(spec['type']) === 'ExternalName') return [];
  const errs: Errs = [];
  const clusterIP = str(spec['clusterIP']);
  const clusterIPs = strs(spec['clusterIPs']);
  const families = strs(spec['ipFamilies']);
  if (clusterIP !== '') {
    if (clusterIPs.length === 0) errs.push(required('spec.clusterIPs'));
    else if (clusterIPs[0] !== clusterIP) errs.push(invalid('spec.clusterIPs', clusterIPs, 'first value must match `clusterIP`'));
  } else if (clusterIPs.length > 0) {
    errs.push(invalid('spec.clusterIPs', clusterIPs, 'must be empty when `clusterIP` is not specified'));
  }
  const seen = new Set<string>();
  families.forEach((f, i) => {
    if (f !== 'IPv4' && f !== 'IPv6') errs.push(notSupported(`spec.ipFamilies[${i}]`, f, ['IPv4', 'IPv6']));
    if (seen.has(f)) errs.push(duplicate(`spec.ipFamilies[${i}]`, f));
    seen.add(f);
  });
  if (present(spec['ipFamilyPolicy']) && !IP_FAMILY_POLICIES.includes(str(spec['ipFamilyPolicy']))) {
    errs.push(notSupported('spec.ipFamilyPolicy', spec['ipFamilyPolicy'], IP_FAMILY_POLICIES));
  }
  let badIPs = false;
  clusterIPs.forEach((ip, i) => {
    if (i === 0 && ip === 'None') {
      if (clusterIPs.length > 1) {
        badIPs = true;
        errs.push(invalid('spec.clusterIPs', clusterIPs, "'None' must be the first and only value"));
      }
      return;
    }
    const e = validateIP(`spec.clusterIPs[${i}]`, ip);
    if (e.length > 0) badIPs = true;
    errs.push(...e);
  });
  if (clusterIPs.length > 2) errs.push(invalid('spec.clusterIPs', clusterIPs, 'may only hold up to 2 values'));
  if (badIPs) return errs;
  if (clusterIPs.length > 1) {
    const v6 = clusterIPs.map(isIPv6String);
    if (!(v6.includes(true) && v6.includes(false))) errs.push(invalid('spec.clusterIPs', clusterIPs, 'may specify no more than one IP for each IP family'));
  }
  if (!isHeadless(spec) && clusterIPs.length > 0 && families.length > 0) {
    clusterIPs.forEach((ip, i) => {
      if (i > families.length - 1 || !parseIP(ip)) return;
      if (families[i] === 'IPv4' && isIPv6String(ip)) errs.push(invalid(`spec.clusterIPs[${i}]`, ip, `expected an IPv4 value as indicated by \`ipFamilies[${i}]\``));
      if (families[i] === 'IPv6' && !isIPv6String(ip)) errs.push(invalid(`spec.clusterIPs[${i}]`, ip, `expected an IPv6 value as indicated by \`ipFamilies[${i}]\``));
    });
  }
  return errs;
}

function validateSessionAffinity(spec: Obj): Errs {
  const affinity = str(spec['sessionAffinity']);
  if (affinity === '') return [required('spec.sessionAffinity')];
  if (affinity !== 'ClientIP' && affinity !== 'None') return [notSupported('spec.sessionAffinity', affinity, ['ClientIP', 'None'])];
  const config = spec['sessionAffinityConfig'];
  const path = 'spec.sessionAffinityConfig';
  if (affinity === 'None') return present(config) ? [forbidden(path, 'must not be set when session affinity is None')] : [];
  const when = 'when session affinity type is ClientIP';
  if (!isObj(config)) return [required(path, when)];
  if (!isObj(config['clientIP'])) return [required(`${path}.clientIP`, when)];
  const timeout = num(config['clientIP']['timeoutSeconds']);
  if (timeout === undefined) return [required(`${path}.clientIP.timeoutSeconds`, when)];
  return timeout <= 0 || timeout > MAX_AFFINITY_SECONDS
    ? [invalid(`${path}.clientIP.timeoutSeconds`, timeout, `must be greater than 0 and less than ${MAX_AFFINITY_SECONDS}`)]
    : [];
}

export function validateService(svc: KubeObject): Errs {
  const spec = rec(svc['spec']);
  const type = str(spec['type']);
  const headless = isHeadless(spec);
  const ports = recs(spec['ports']);
  const errs: Errs = [];
  if (ports.length === 0 && !headless && type !== 'ExternalName') errs.push(required('spec.ports'));
  if ((type === 'LoadBalancer' || type === 'NodePort') && headless) {
    errs.push(invalid('spec.clusterIPs[0]', 'None', `may not be set to 'None' for ${type} services`));
  } else if (type === 'ExternalName') {
    if (arr(spec['clusterIPs']).length > 0) errs.push(forbidden('spec.clusterIPs', 'may not be set for ExternalName services'));
    if (arr(spec['ipFamilies']).length > 0) errs.push(forbidden('spec.ipFamilies', 'may not be set for ExternalName services'));
    if (present(spec['ipFamilyPolicy'])) errs.push(forbidden('spec.ipFamilyPolicy', 'may not be set for ExternalName services'));
    const cname = str(spec['externalName']).replace(/\.$/, '');
    if (cname === '') errs.push(required('spec.externalName'));
    else for (const m of isDNS1123Subdomain(cname)) errs.push(invalid('spec.externalName', cname, m));
  }
  const names = new Set<string>();
  ports.forEach((p, i) => errs.push(...validateServicePort(p, ports.length > 1, names, `spec.ports[${i}]`)));
  if (present(spec['selector'])) errs.push(...validateLabelMap(spec['selector'], 'spec.selector'));
  errs.push(...validateSessionAffinity(spec));
  errs.push(...validateClusterIPsRelatedFields(spec));
  strs(spec['externalIPs']).forEach((ip, i) => {
    const e = validateIP(`spec.externalIPs[${i}]`, ip);
    errs.push(...(e.length > 0 ? e : validateNonSpecialIP(`spec.externalIPs[${i}]`, ip)));
  });
  if (type === '') errs.push(required('spec.type'));
  else if (!TYPES.includes(type)) errs.push(notSupported('spec.type', type, TYPES));
  if (type === 'ClusterIP') {
    ports.forEach((p, i) => {
      if ((num(p['nodePort']) ?? 0) !== 0) errs.push(forbidden(`spec.ports[${i}].nodePort`, "may not be used when `type` is 'ClusterIP'"));
    });
  }
  const nodePorts = new Set<string>();
  ports.forEach((p, i) => {
    const np = num(p['nodePort']) ?? 0;
    if (np === 0) return;
    const key = `${str(p['protocol'])}/${np}`;
    if (nodePorts.has(key)) errs.push(duplicate(`spec.ports[${i}].nodePort`, np));
    nodePorts.add(key);
  });
  const seenPorts = new Set<string>();
  ports.forEach((p, i) => {
    const key = `${str(p['protocol'])}/${num(p['port']) ?? 0}`;
    if (seenPorts.has(key)) errs.push(duplicate(`spec.ports[${i}]`, { port: num(p['port']) ?? 0, protocol: str(p['protocol']) }));
    seenPorts.add(key);
  });
  const ranges = strs(spec['loadBalancerSourceRanges']);
  if (ranges.length > 0) {
    // Upstream spells this path with a capital L.
    if (type !== 'LoadBalancer') errs.push(forbidden('spec.LoadBalancerSourceRanges', "may only be used when `type` is 'LoadBalancer'"));
    ranges.forEach((r, i) => errs.push(...validateCIDR(`spec.LoadBalancerSourceRanges[${i}]`, r.trim())));
  }
  if (present(spec['allocateLoadBalancerNodePorts']) && type !== 'LoadBalancer') {
    errs.push(forbidden('spec.allocateLoadBalancerNodePorts', "may only be used when `type` is 'LoadBalancer'"));
  }
  // Upstream names this path without "spec.".
  if (type === 'LoadBalancer' && !present(spec['allocateLoadBalancerNodePorts'])) errs.push(required('allocateLoadBalancerNodePorts'));
  errs.push(...validateLoadBalancerClass(spec));
  errs.push(...validateTrafficPolicies(spec));
  return errs;
}

function validateLoadBalancerClass(spec: Obj): Errs {
  if (!present(spec['loadBalancerClass'])) return [];
  const cls = str(spec['loadBalancerClass']);
  if (str(spec['type']) !== 'LoadBalancer') return [forbidden('spec.loadBalancerClass', "may only be used when `type` is 'LoadBalancer'")];
  return isQualifiedName(cls).map((m) => invalid('spec.loadBalancerClass', cls, m));
}

function validateTrafficPolicies(spec: Obj): Errs {
  const errs: Errs = [];
  const etp = str(spec['externalTrafficPolicy']);
  if (!externallyAccessible(spec)) {
    if (etp !== '') errs.push(invalid('spec.externalTrafficPolicy', etp, 'may only be set for externally-accessible services'));
  } else if (etp === '') errs.push(required('spec.externalTrafficPolicy'));
  else if (!POLICY_VALUES.includes(etp)) errs.push(notSupported('spec.externalTrafficPolicy', etp, POLICY_VALUES));
  const hcnp = num(spec['healthCheckNodePort']) ?? 0;
  const needsHealthCheck = str(spec['type']) === 'LoadBalancer' && etp === 'Local';
  if (!needsHealthCheck) {
    if (hcnp !== 0) errs.push(invalid('spec.healthCheckNodePort', hcnp, "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'"));
  } else if (hcnp === 0) errs.push(required('spec.healthCheckNodePort'));
  else for (const m of isValidPortNum(hcnp)) errs.push(invalid('spec.healthCheckNodePort', hcnp, m));
  const itp = spec['internalTrafficPolicy'];
  const type = str(spec['type']);
  if (!present(itp)) {
    if (type === 'NodePort' || type === 'LoadBalancer' || type === 'ClusterIP') errs.push(required('spec.internalTrafficPolicy'));
  } else if (!POLICY_VALUES.includes(str(itp))) errs.push(notSupported('spec.internalTrafficPolicy', itp, POLICY_VALUES));
  if (present(spec['trafficDistribution']) && str(spec['trafficDistribution']) !== 'PreferClose') {
    errs.push(notSupported('spec.trafficDistribution', spec['trafficDistribution'], ['PreferClose']));
  }
  return errs;
}

/** Cluster IPs and IP families may be added or released but not changed (validateUpgradeDowngrade*). */
function validateClusterIPUpdate(spec: Obj, oldSpec: Obj): Errs {
  if (str(spec['type']) === 'ExternalName' || str(oldSpec['type']) === 'ExternalName') return [];
  const errs: Errs = [];
  const ips = strs(spec['clusterIPs']);
  const oldIPs = strs(oldSpec['clusterIPs']);
  const headless = isHeadless(spec);
  const oldHeadless = isHeadless(oldSpec);
  if (!(headless && oldHeadless)) {
    if (ips.length === oldIPs.length) {
      oldIPs.forEach((ip, i) => {
        if (ip !== ips[i]) errs.push(invalid(`spec.clusterIPs[${i}]`, ips, 'may not change once set'));
      });
    } else if (oldIPs.length > ips.length) {
      if (ips.length === 0) errs.push(invalid('spec.clusterIPs[0]', ips, 'primary clusterIP can not be unset'));
      if (oldIPs.length > 0 && ips.length > 0 && ips[0] !== oldIPs[0]) errs.push(invalid('spec.clusterIPs[0]', ips, 'may not change once set'));
      if (ips.length === 1 && str(spec['ipFamilyPolicy']) !== 'SingleStack') {
        errs.push(invalid('spec.ipFamilyPolicy', spec['ipFamilyPolicy'] ?? null, "must be set to 'SingleStack' when releasing the secondary clusterIP"));
      }
    } else if (oldIPs.length > 0 && ips[0] !== oldIPs[0]) {
      errs.push(invalid('spec.clusterIPs[0]', ips, 'may not change once set'));
    }
  }
  const fams = strs(spec['ipFamilies']);
  const oldFams = strs(oldSpec['ipFamilies']);
  if (headless === oldHeadless && !headless) {
    if (fams.length === oldFams.length) {
      oldFams.forEach((f, i) => {
        if (f !== fams[i]) errs.push(invalid('spec.ipFamilies[0]', fams, 'may not change once set'));
      });
    } else if (oldFams.length > fams.length) {
      if (ips.length === 0) errs.push(invalid('spec.ipFamilies[0]', fams, 'primary ipFamily can not be unset'));
      if (fams.length > 0 && fams[0] !== oldFams[0]) errs.push(invalid('spec.ipFamilies[0]', ips, 'may not change once set'));
      if (fams.length === 1 && str(spec['ipFamilyPolicy']) !== 'SingleStack') {
        errs.push(invalid('spec.ipFamilyPolicy', spec['ipFamilyPolicy'] ?? null, "must be set to 'SingleStack' when releasing the secondary ipFamily"));
      }
    } else if (oldFams.length > 0 && fams.length > 0 && fams[0] !== oldFams[0]) {
      errs.push(invalid('spec.ipFamilies[0]', ips, 'may not change once set'));
    }
  }
  return errs;
}

export function validateServiceUpdate(svc: KubeObject, old: KubeObject): Errs {
  const spec = rec(svc['spec']);
  const oldSpec = rec(old['spec']);
  const errs = validateClusterIPUpdate(spec, oldSpec);
  if (str(spec['type']) === 'LoadBalancer' && str(oldSpec['type']) === 'LoadBalancer' && !semanticEqual(spec['loadBalancerClass'], oldSpec['loadBalancerClass'])) {
    errs.push(invalid('spec.loadBalancerClass', spec['loadBalancerClass'] ?? null, 'may not change once set'));
  }
  const needs = (s: Obj): boolean => str(s['type']) === 'LoadBalancer' && str(s['externalTrafficPolicy']) === 'Local';
  if (needs(spec) && needs(oldSpec) && spec['healthCheckNodePort'] !== oldSpec['healthCheckNodePort']) {
    errs.push(forbidden('spec.healthCheckNodePort', 'field is immutable'));
  }
  return [...errs, ...validateService(svc)];
}
