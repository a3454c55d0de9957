/**
 * Containers, volumes and pod templates as kubectl describe prints them (describeContainers,
 * describeVolumes, DescribePodTemplate in k8s.io/kubectl/pkg/describe/describe.go).
 */
import { formatLabelSelector } from '@kubelab/core/labels/selector';
import { type Obj, printAnnotationsMultiline, printLabelsMultiline, printTolerationsMultiline, rfc1123z } from './common.js';
import { LEVEL_0, LEVEL_1, LEVEL_2, LEVEL_3, type PrefixWriter } from './writer.js';

export function describeContainers(label: string, containers: Obj[] | undefined, statuses: Obj[] | undefined, w: PrefixWriter, space: string, pod?: Obj): void {
  const byName = new Map<string, Obj>((statuses ?? []).map((s) => [s['name'], s]));
  w.write(LEVEL_0, `${space}${label}:${containers?.length ? '' : ' <none>'}\n`);
  for (const c of containers ?? []) {
    const status = byName.get(c['name']);
    w.write(LEVEL_1, `${space ? ' ' : ''}${c['name']}:\n`);
    if (status) w.write(LEVEL_2, `Container ID:\t${status['containerID'] ?? ''}\n`);
    w.write(LEVEL_2, `Image:\t${c['image'] ?? ''}\n`);
    if (status) w.write(LEVEL_2, `Image ID:\t${status['imageID'] ?? ''}\n`);
    const ports = (c['ports'] ?? []) as Obj[];
    const portText = ports.map((p) => `${p['containerPort'] ?? 0}/${p['protocol'] ?? ''}`).join(', ');
    const hostText = ports.map((p) => `${p['hostPort'] ?? 0}/${p['protocol'] ?? ''}`).join(', ');
    w.write(LEVEL_2, portText.includes(',') ? `Ports:\t${portText}\n` : `Port:\t${portText || '<none>'}\n`);
    w.write(LEVEL_2, hostText.includes(',') ? `Host Ports:\t${hostText}\n` : `Host Port:\t${hostText || '<none>'}\n`);
    const seccomp = c['securityContext']?.['seccompProfile'];
    if (seccomp) w.write(LEVEL_2, `SeccompProfile:\t${seccomp['type']}\n`);
    for (const [title, list] of [['Command', c['command']], ['Args', c['args']]] as const) {
      if (!list?.length) continue;
      w.write(LEVEL_2, `${title}:\n`);
      for (const item of list as string[]) for (const s of item.split('\n')) w.write(LEVEL_3, `${s}\n`);
    }
    if (status) {
      describeState('State', status['state'], w);
      if (status['lastState']?.['terminated']) describeState('Last State', status['lastState'], w);
      w.write(LEVEL_2, `Ready:\t${status['ready'] ? 'True' : 'False'}\n`);
      w.write(LEVEL_2, `Restart Count:\t${status['restartCount'] ?? 0}\n`);
    }
    describeResources(c['resources'], w, LEVEL_2);
    for (const [title, key] of [['Liveness', 'livenessProbe'], ['Readiness', 'readinessProbe'], ['Startup', 'startupProbe']] as const) {
      if (c[key]) w.write(LEVEL_2, `${title}:\t${describeProbe(c[key])}\n`);
    }
    if (c['envFrom']?.length) {
      w.write(LEVEL_2, 'Environment Variables from:\n');
      for (const e of c['envFrom'] as Obj[]) {
        const ref = e['configMapRef'] ?? e['secretRef'] ?? {};
        const from = e['configMapRef'] ? 'ConfigMap' : 'Secret';
        const optional = ref['optional'] === true;
        w.write(LEVEL_3, e['prefix'] ? `${ref['name']}\t${from} with prefix '${e['prefix']}'\tOptional: ${optional}\n` : `${ref['name']}\t${from}\tOptional: ${optional}\n`);
      }
    }
    describeEnv(c, w, pod);
    const mounts = [...((c['volumeMounts'] ?? []) as Obj[])].sort((a, b) => (a['mountPath'] < b['mountPath'] ? -1 : a['mountPath'] > b['mountPath'] ? 1 : 0));
    w.write(LEVEL_2, `Mounts:${mounts.length ? '' : '\t<none>'}\n`);
    for (const m of mounts) {
      const flags = [m['readOnly'] ? 'ro' : 'rw', ...(m['subPath'] ? [`path=${JSON.stringify(m['subPath'])}`] : [])];
      w.write(LEVEL_3, `${m['mountPath']} from ${m['name']} (${flags.join(',')})\n`);
    }
  }
}

function describeState(name: string, state: Obj | undefined, w: PrefixWriter): void {
  if (state?.['running']) {
    w.write(LEVEL_2, `${name}:\tRunning\n`);
    w.write(LEVEL_3, `Started:\t${rfc1123z(state['running']['startedAt'])}\n`);
  } else if (state?.['waiting']) {
    w.write(LEVEL_2, `${name}:\tWaiting\n`);
    if (state['waiting']['reason']) w.write(LEVEL_3, `Reason:\t${state['waiting']['reason']}\n`);
  } else if (state?.['terminated']) {
    const t = state['terminated'];
    w.write(LEVEL_2, `${name}:\tTerminated\n`);
    if (t['reason']) w.write(LEVEL_3, `Reason:\t${t['reason']}\n`);
    if (t['message']) w.write(LEVEL_3, `Message:\t${t['message']}\n`);
    w.write(LEVEL_3, `Exit Code:\t${t['exitCode'] ?? 0}\n`);
    if (t['signal'] > 0) w.write(LEVEL_3, `Signal:\t${t['signal']}\n`);
    w.write(LEVEL_3, `Started:\t${rfc1123z(t['startedAt'])}\n`);
    w.write(LEVEL_3, `Finished:\t${rfc1123z(t['finishedAt'])}\n`);
  } else w.write(LEVEL_2, `${name}:\tWaiting\n`);
}

/** Resource names sorted as kubectl's SortedResourceNames: alphabetically. */
export function describeResources(resources: Obj | undefined, w: PrefixWriter, level: number): void {
  for (const [title, key] of [['Limits', 'limits'], ['Requests', 'requests']] as const) {
    const list = (resources?.[key] ?? {}) as Record<string, string>;
    const names = Object.keys(list).sort();
    if (names.length) w.write(level, `${title}:\n`);
    for (const n of names) w.write(level + 1, `${n}:\t${list[n]}\n`);
  }
}

export function describeProbe(p: Obj): string {
  const attrs = `delay=${p['initialDelaySeconds'] ?? 0}s timeout=${p['timeoutSeconds'] ?? 0}s period=${p['periodSeconds'] ?? 0}s #success=${p['successThreshold'] ?? 0} #failure=${p['failureThreshold'] ?? 0}`;
  if (p['exec']) return `exec [${(p['exec']['command'] ?? []).join(' ')}] ${attrs}`;
  if (p['httpGet']) {
    const g = p['httpGet'];
    const scheme = String(g['scheme'] ?? 'HTTP').toLowerCase();
    const port = g['port'] === undefined ? '' : String(g['port']);
    const host = port ? `${g['host'] ?? ''}:${port}` : (g['host'] ?? '');
    return `http-get ${scheme}://${host}${g['path'] ?? ''} ${attrs}`;
  }
  if (p['tcpSocket']) return `tcp-socket ${p['tcpSocket']['host'] ?? ''}:${p['tcpSocket']['port']} ${attrs}`;
  if (p['grpc']) return `grpc <pod>:${p['grpc']['port']} ${p['grpc']['service'] ?? ''} ${attrs}`;
  return `unknown ${attrs}`;
}

function describeEnv(c: Obj, w: PrefixWriter, pod: Obj | undefined): void {
  const env = (c['env'] ?? []) as Obj[];
  w.write(LEVEL_2, `Environment:${env.length ? '' : '\t<none>'}\n`);
  for (const e of env) {
    const from = e['valueFrom'];
    if (!from) {
      String(e['value'] ?? '')
        .split('\n')
        .forEach((s, i) => w.write(LEVEL_3, i === 0 ? `${e['name']}:\t${s}\n` : `\t${s}\n`));
      continue;
    }
    if (from['fieldRef']) {
      const path = from['fieldRef']['fieldPath'];
      w.write(LEVEL_3, `${e['name']}:\t${pod ? fieldValue(pod, path) : ''} (${from['fieldRef']['apiVersion'] ?? ''}:${path})\n`);
    } else if (from['resourceFieldRef']) {
      w.write(LEVEL_3, `${e['name']}:\t${resourceFieldValue(c, from['resourceFieldRef']['resource'])} (${from['resourceFieldRef']['resource']})\n`);
    } else if (from['secretKeyRef']) {
      const r = from['secretKeyRef'];
      w.write(LEVEL_3, `${e['name']}:\t<set to the key '${r['key']}' in secret '${r['name']}'>\tOptional: ${r['optional'] === true}\n`);
    } else if (from['configMapKeyRef']) {
      const r = from['configMapKeyRef'];
      w.write(LEVEL_3, `${e['name']}:\t<set to the key '${r['key']}' of config map '${r['name']}'>\tOptional: ${r['optional'] === true}\n`);
    }
  }
}

function fieldValue(pod: Obj, path: string): string {
  const m = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(path);
  if (m) return pod['metadata']?.[m[1]!]?.[m[2]!] ?? '';
  let v: unknown = pod;
  for (const part of path.split('.')) v = (v as Obj | undefined)?.[part];
  return v === undefined || v === null ? '' : String(v);
}

function resourceFieldValue(c: Obj, resource: string): string {
  const [kind, name] = resource.split('.');
  const v = c['resources']?.[kind === 'limits' ? 'limits' : 'requests']?.[name ?? ''];
  if (v !== undefined) return String(v);
  return kind === 'limits' && (name === 'cpu' || name === 'memory') ? 'node allocatable' : '0';
}

export function describeVolumes(volumes: Obj[] | undefined, w: PrefixWriter, space: string): void {
  if (!volumes?.length) {
    w.write(LEVEL_0, `${space}Volumes:\t<none>\n`);
    return;
  }
  w.write(LEVEL_0, `${space}Volumes:\n`);
  for (const v of volumes) {
    w.write(LEVEL_1, `${space ? ' ' : ''}${v['name']}:\n`);
    if (v['hostPath']) w.write(LEVEL_2, `Type:\tHostPath (bare host directory volume)\n    Path:\t${v['hostPath']['path']}\n    HostPathType:\t${v['hostPath']['type'] ?? '<none>'}\n`);
    else if (v['emptyDir']) {
      const limit = v['emptyDir']['sizeLimit'] && v['emptyDir']['sizeLimit'] !== '0' ? v['emptyDir']['sizeLimit'] : '<unset>';
      w.write(LEVEL_2, `Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n    Medium:\t${v['emptyDir']['medium'] ?? ''}\n    SizeLimit:\t${limit}\n`);
    } else if (v['secret']) w.write(LEVEL_2, `Type:\tSecret (a volume populated by a Secret)\n    SecretName:\t${v['secret']['secretName'] ?? ''}\n    Optional:\t${v['secret']['optional'] === true}\n`);
    else if (v['configMap']) w.write(LEVEL_2, `Type:\tConfigMap (a volume populated by a ConfigMap)\n    Name:\t${v['configMap']['name'] ?? ''}\n    Optional:\t${v['configMap']['optional'] === true}\n`);
    else if (v['persistentVolumeClaim']) w.write(LEVEL_2, `Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)\n    ClaimName:\t${v['persistentVolumeClaim']['claimName']}\n    ReadOnly:\t${v['persistentVolumeClaim']['readOnly'] === true}\n`);
    else if (v['downwardAPI']) {
      w.write(LEVEL_2, 'Type:\tDownwardAPI (a volume populated by information about the pod)\n    Items:\n');
      for (const item of (v['downwardAPI']['items'] ?? []) as Obj[]) {
        if (item['fieldRef']) w.write(LEVEL_3, `${item['fieldRef']['fieldPath']} -> ${item['path']}\n`);
        if (item['resourceFieldRef']) w.write(LEVEL_3, `${item['resourceFieldRef']['resource']} -> ${item['path']}\n`);
      }
    } else if (v['projected']) {
      w.write(LEVEL_2, 'Type:\tProjected (a volume that contains injected data from multiple sources)\n');
      for (const s of (v['projected']['sources'] ?? []) as Obj[]) {
        // Go prints these *bool fields with %v: <nil> when unset.
        const opt = (o: Obj) => (o['optional'] === undefined ? '<nil>' : String(o['optional']));
        if (s['secret']) w.write(LEVEL_2, `SecretName:\t${s['secret']['name']}\n    SecretOptionalName:\t${opt(s['secret'])}\n`);
        else if (s['downwardAPI']) w.write(LEVEL_2, 'DownwardAPI:\ttrue\n');
        else if (s['configMap']) w.write(LEVEL_2, `ConfigMapName:\t${s['configMap']['name']}\n    ConfigMapOptional:\t${opt(s['configMap'])}\n`);
        else if (s['serviceAccountToken']) w.write(LEVEL_2, `TokenExpirationSeconds:\t${s['serviceAccountToken']['expirationSeconds']}\n`);
      }
    } else if (v['nfs']) w.write(LEVEL_2, `Type:\tNFS (an NFS mount that lasts the lifetime of a pod)\n    Server:\t${v['nfs']['server']}\n    Path:\t${v['nfs']['path']}\n    ReadOnly:\t${v['nfs']['readOnly'] === true}\n`);
    else w.write(LEVEL_1, '<unknown>\n');
  }
}

export function describePodTemplate(template: Obj | undefined, w: PrefixWriter): void {
  w.write(LEVEL_0, 'Pod Template:\n');
  if (!template) {
    w.write(LEVEL_1, '<unset>');
    return;
  }
  const spec = (template['spec'] ?? {}) as Obj;
  printLabelsMultiline(w, '  Labels', template['metadata']?.['labels']);
  if (Object.keys(template['metadata']?.['annotations'] ?? {}).length) printAnnotationsMultiline(w, '  Annotations', template['metadata']['annotations']);
  if (spec['serviceAccountName']) w.write(LEVEL_1, `Service Account:\t${spec['serviceAccountName']}\n`);
  if (spec['initContainers']?.length) describeContainers('Init Containers', spec['initContainers'], undefined, w, '  ');
  describeContainers('Containers', spec['containers'], undefined, w, '  ');
  describeVolumes(spec['volumes'], w, '  ');
  describeTopologySpread(spec['topologySpreadConstraints'], w, '  ');
  if (spec['priorityClassName']) w.write(LEVEL_1, `Priority Class Name:\t${spec['priorityClassName']}\n`);
  printLabelsMultiline(w, '  Node-Selectors', spec['nodeSelector']);
  printTolerationsMultiline(w, '  Tolerations', spec['tolerations']);
}

export function describeTopologySpread(tscs: Obj[] | undefined, w: PrefixWriter, space: string): void {
  if (!tscs?.length) return;
  const sorted = [...tscs].sort((a, b) => (a['topologyKey'] < b['topologyKey'] ? -1 : 1));
  w.write(LEVEL_0, `${space}Topology Spread Constraints:\t`);
  sorted.forEach((t, i) => {
    if (i !== 0) w.write(LEVEL_0, `${space}\t`);
    const sel = t['labelSelector'] ? ` for selector ${formatSelector(t['labelSelector'])}` : '';
    w.write(LEVEL_0, `${t['topologyKey']}:${t['whenUnsatisfiable']} when max skew ${t['maxSkew']} is exceeded${sel}\n`);
  });
}

/** metav1.FormatLabelSelector (core's), for selectors in describe output. */
export function formatSelector(sel: Obj | undefined): string {
  return formatLabelSelector(sel as never);
}
