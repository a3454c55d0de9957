/**
 * ValidatePodSpec (pkg/apis/core/validation), shared by pods and every pod template. Checks
 * run in upstream's order so multi-error messages list problems the way kube-apiserver does.
 */
import { type Errs, duplicate, forbidden, invalid, notSupported, required } from './field.js';
import { inclusiveRangeError } from './formats.js';
import { validateContainers, validateInitContainers } from './container.js';
import { validateIP } from './ip.js';
import { validateLabelMap } from './label-selector.js';
import { isDNS1123Label, isDNS1123Subdomain, isQualifiedName } from './names.js';
import { validateResourceList, validateContainerResourceName } from './resources.js';
import { validateAffinity, validateTolerations, validateTopologySpreadConstraints } from './scheduling.js';
import { validatePodSecurityContext } from './security-context.js';
import { type Obj, bool, isObj, num, present, recs, str, strs } from './shape.js';
import { validateVolumes } from './volume.js';

export interface PodSpecOptions {
  /** The spec is a real pod's (not a template's): stricter host network port rules, pod name known. */
  podName?: string;
  isPod: boolean;
}

const RESTART_POLICIES = ['Always', 'OnFailure', 'Never'];
const DNS_POLICIES = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];

export function validatePodSpec(spec: Obj, field: string, opts: PodSpecOptions): Errs {
  const errs: Errs = [];
  if (!present(spec['terminationGracePeriodSeconds'])) errs.push(required(`${field}.terminationGracePeriodSeconds`));
  const gracePeriod = num(spec['terminationGracePeriodSeconds']);
  const hostUsers = spec['hostUsers'] !== false;
  const { errs: volErrs, volumes } = validateVolumes(spec['volumes'], opts.podName, `${field}.volumes`);
  errs.push(...volErrs);
  const restartPolicy = str(spec['restartPolicy']);
  const ctx = { volumes, gracePeriod, restartPolicy, hostUsers };
  errs.push(...validateContainers(spec['containers'], ctx, `${field}.containers`));
  errs.push(...validateInitContainers(spec['initContainers'], spec['containers'], ctx, `${field}.initContainers`));
  errs.push(...validateHostNetworkPorts(spec, field, opts.isPod));
  if (restartPolicy === '') errs.push(required(`${field}.restartPolicy`));
  else if (!RESTART_POLICIES.includes(restartPolicy)) errs.push(notSupported(`${field}.restartPolicy`, restartPolicy, RESTART_POLICIES));
  const dnsPolicy = str(spec['dnsPolicy']);
  if (dnsPolicy === '') errs.push(required(`${field}.dnsPolicy`));
  else if (!DNS_POLICIES.includes(dnsPolicy)) errs.push(notSupported(`${field}.dnsPolicy`, dnsPolicy, DNS_POLICIES));
  errs.push(...validateLabelMap(spec['nodeSelector'], `${field}.nodeSelector`));
  errs.push(...validatePodSecurityContext(spec, `${field}.securityContext`));
  recs(spec['imagePullSecrets']).forEach((s, i) => {
    if (Object.keys(s).some((k) => k !== 'name')) errs.push(invalid(`${field}.imagePullSecrets[${i}]`, s, 'only name may be set'));
  });
  errs.push(...validateAffinity(spec['affinity'], `${field}.affinity`));
  errs.push(...validateDNSConfig(spec['dnsConfig'], dnsPolicy, `${field}.dnsConfig`));
  recs(spec['readinessGates']).forEach((g, i) => {
    const t = str(g['conditionType']);
    for (const m of isQualifiedName(t)) errs.push(invalid(`${field}.readinessGates[${i}].conditionType`, t, m));
  });
  const gates = new Set<string>();
  recs(spec['schedulingGates']).forEach((g, i) => {
    const name = str(g['name']);
    for (const m of isQualifiedName(name)) errs.push(invalid(`${field}.schedulingGates[${i}]`, name, m));
    if (gates.has(name)) errs.push(duplicate(`${field}.schedulingGates[${i}]`, name));
    gates.add(name);
  });
  errs.push(...validateTopologySpreadConstraints(spec['topologySpreadConstraints'], `${field}.topologySpreadConstraints`));
  if (spec['hostUsers'] === false) {
    if (bool(spec['hostNetwork'])) errs.push(forbidden(`${field}.hostNetwork`, 'when `pod.Spec.HostUsers` is false'));
    if (bool(spec['hostPID'])) errs.push(forbidden(`${field}.HostPID`, 'when `pod.Spec.HostUsers` is false'));
    if (bool(spec['hostIPC'])) errs.push(forbidden(`${field}.HostIPC`, 'when `pod.Spec.HostUsers` is false'));
  }
  errs.push(...subdomainName(spec['serviceAccountName'], `${field}.serviceAccountName`));
  errs.push(...subdomainName(spec['nodeName'], `${field}.nodeName`));
  if (present(spec['activeDeadlineSeconds'])) {
    const v = num(spec['activeDeadlineSeconds']) ?? 0;
    if (v < 1 || v > 2147483647) errs.push(invalid(`${field}.activeDeadlineSeconds`, v, inclusiveRangeError(1, 2147483647)));
  }
  for (const f of ['hostname', 'subdomain']) {
    const v = str(spec[f]);
    if (v !== '') for (const m of isDNS1123Label(v)) errs.push(invalid(`${field}.${f}`, v, m));
  }
  errs.push(...validateTolerations(spec['tolerations'], `${field}.tolerations`));
  recs(spec['hostAliases']).forEach((a, i) => {
    errs.push(...validateIP(`${field}.hostAliases[${i}].ip`, str(a['ip'])));
    strs(a['hostnames']).forEach((h, j) => {
      for (const m of isDNS1123Subdomain(h)) errs.push(invalid(`${field}.hostAliases[${i}].hostnames[${j}]`, h, m));
    });
  });
  errs.push(...subdomainName(spec['priorityClassName'], `${field}.priorityClassName`));
  if (present(spec['runtimeClassName'])) {
    const rc = str(spec['runtimeClassName']);
    for (const m of isDNS1123Subdomain(rc)) errs.push(invalid(`${field}.runtimeClassName`, rc, m));
  }
  if (present(spec['preemptionPolicy'])) errs.push(...validatePreemptionPolicy(spec['preemptionPolicy'], `${field}.preemptionPolicy`));
  if (present(spec['overhead'])) errs.push(...validateResourceList(spec['overhead'], `${field}.overhead`, validateContainerResourceName));
  if (isObj(spec['os'])) {
    const name = str(spec['os']['name']);
    if (name === '') errs.push(required(`${field}.os.name`, 'cannot be empty'));
    else if (name !== 'linux' && name !== 'windows') errs.push(notSupported(`${field}.os`, name, ['linux', 'windows']));
  }
  return errs;
}

function subdomainName(value: unknown, field: string): Errs {
  const v = str(value);
  return v === '' ? [] : isDNS1123Subdomain(v).map((m) => invalid(field, v, m));
}

export function validatePreemptionPolicy(value: unknown, field: string): Errs {
  const v = str(value);
  if (v === '') return [required(field)];
  return v === 'PreemptLowerPriority' || v === 'Never' ? [] : [notSupported(field, v, ['PreemptLowerPriority', 'Never'])];
}

/** With hostNetwork, host ports must equal container ports (templates may leave them 0). */
function validateHostNetworkPorts(spec: Obj, field: string, isPod: boolean): Errs {
  if (!bool(spec['hostNetwork'])) return [];
  const errs: Errs = [];
  recs(spec['containers']).forEach((c, i) => {
    recs(c['ports']).forEach((port, j) => {
      const hp = num(port['hostPort']) ?? 0;
      const cp = num(port['containerPort']) ?? 0;
      if ((isPod || hp !== 0) && hp !== cp) {
        errs.push(invalid(`${field}.containers[${i}].ports[${j}].hostPort`, hp, 'must match `containerPort` when `hostNetwork` is true'));
      }
    });
  });
  return errs;
}

function validateDNSConfig(config: unknown, dnsPolicy: string, field: string): Errs {
  if (dnsPolicy === 'None') {
    if (!isObj(config)) return [required(field, 'must provide `dnsConfig` when `dnsPolicy` is None')];
    if (strs(config['nameservers']).length === 0) {
      return [required(`${field}.nameservers`, 'must provide at least one DNS nameserver when `dnsPolicy` is None')];
    }
  }
  if (!isObj(config)) return [];
  const errs: Errs = [];
  const nameservers = strs(config['nameservers']);
  if (nameservers.length > 3) errs.push(invalid(`${field}.nameservers`, nameservers, 'must not have more than 3 nameservers'));
  nameservers.forEach((ns, i) => errs.push(...validateIP(`${field}.nameservers[${i}]`, ns)));
  const searches = strs(config['searches']);
  if (searches.length > 32) errs.push(invalid(`${field}.searches`, searches, 'must not have more than 32 search paths'));
  if (searches.join(' ').length > 2048) {
    errs.push(invalid(`${field}.searches`, searches, 'must not have more than 2048 characters (including spaces) in the search list'));
  }
  searches.forEach((s, i) => {
    // RelaxedDNSSearchValidation is alpha in 1.32: searches are plain DNS subdomains.
    const trimmed = s.endsWith('.') ? s.slice(0, -1) : s;
    for (const m of isDNS1123Subdomain(trimmed)) errs.push(invalid(`${field}.searches[${i}]`, trimmed, m));
  });
  recs(config['options']).forEach((o, i) => {
    if (str(o['name']) === '') errs.push(required(`${field}.options[${i}]`, 'must not be empty'));
  });
  return errs;
}
