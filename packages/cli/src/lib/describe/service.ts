/** kubectl describe service (describeService and formatEndpointSlices in k8s.io/kubectl/pkg/describe). */
import { type Obj, describeEvents, formatLabels, printAnnotationsMultiline, printLabelsMultiline } from './common.js';
import { LEVEL_0, tabbed } from './writer.js';

export function describeService(svc: Obj, slices: Obj[], events: Obj[] | undefined, now = Date.now()): string {
  return tabbed((w) => {
    const meta = svc['metadata'] ?? {};
    const spec = svc['spec'] ?? {};
    w.write(LEVEL_0, `Name:\t${meta['name']}\n`);
    w.write(LEVEL_0, `Namespace:\t${meta['namespace']}\n`);
    printLabelsMultiline(w, 'Labels', meta['labels']);
    printAnnotationsMultiline(w, 'Annotations', meta['annotations']);
    w.write(LEVEL_0, `Selector:\t${formatLabels(spec['selector'])}\n`);
    w.write(LEVEL_0, `Type:\t${spec['type'] ?? ''}\n`);
    if (spec['ipFamilyPolicy']) w.write(LEVEL_0, `IP Family Policy:\t${spec['ipFamilyPolicy']}\n`);
    w.write(LEVEL_0, `IP Families:\t${spec['ipFamilies']?.length ? spec['ipFamilies'].join(',') : '<none>'}\n`);
    w.write(LEVEL_0, `IP:\t${spec['clusterIP'] ?? ''}\n`);
    w.write(LEVEL_0, `IPs:\t${spec['clusterIPs']?.length ? spec['clusterIPs'].join(',') : '<none>'}\n`);
    if (spec['externalIPs']?.length) w.write(LEVEL_0, `External IPs:\t${spec['externalIPs'].join(',')}\n`);
    if (spec['loadBalancerIP']) w.write(LEVEL_0, `Desired LoadBalancer IP:\t${spec['loadBalancerIP']}\n`);
    if (spec['externalName']) w.write(LEVEL_0, `External Name:\t${spec['externalName']}\n`);
    const ingress = (svc['status']?.['loadBalancer']?.['ingress'] ?? []) as Obj[];
    if (ingress.length) w.write(LEVEL_0, `LoadBalancer Ingress:\t${ingress.map((i) => (i['ip'] ? `${i['ip']}${i['ipMode'] ? ` (${i['ipMode']})` : ''}` : i['hostname'])).join(', ')}\n`);
    for (const p of (spec['ports'] ?? []) as Obj[]) {
      const name = p['name'] || '<unset>';
      w.write(LEVEL_0, `Port:\t${name}\t${p['port']}/${p['protocol'] ?? ''}\n`);
      w.write(LEVEL_0, `TargetPort:\t${p['targetPort'] ?? ''}/${p['protocol'] ?? ''}\n`);
      if (p['nodePort']) w.write(LEVEL_0, `NodePort:\t${name}\t${p['nodePort']}/${p['protocol'] ?? ''}\n`);
      w.write(LEVEL_0, `Endpoints:\t${formatEndpointSlices(slices, p['name'] ?? '')}\n`);
    }
    w.write(LEVEL_0, `Session Affinity:\t${spec['sessionAffinity'] ?? ''}\n`);
    if (spec['externalTrafficPolicy']) w.write(LEVEL_0, `External Traffic Policy:\t${spec['externalTrafficPolicy']}\n`);
    if (spec['internalTrafficPolicy']) w.write(LEVEL_0, `Internal Traffic Policy:\t${spec['internalTrafficPolicy']}\n`);
    if (spec['healthCheckNodePort']) w.write(LEVEL_0, `HealthCheck NodePort:\t${spec['healthCheckNodePort']}\n`);
    if (spec['loadBalancerSourceRanges']?.length) w.write(LEVEL_0, `LoadBalancer Source Ranges:\t${spec['loadBalancerSourceRanges'].join(',')}\n`);
    describeEvents(events, w, now);
  });
}

/** Ready endpoints of the port named portName, "ip:port", at most three and "+ N more...". */
export function formatEndpointSlices(slices: Obj[], portName: string): string {
  if (slices.length === 0) return '<none>';
  const list: string[] = [];
  const max = 3;
  let more = false;
  let count = 0;
  for (const s of slices) {
    const endpoints = (s['endpoints'] ?? []) as Obj[];
    const ports = (s['ports'] ?? []) as Obj[];
    const ready = (e: Obj) => e['conditions']?.['ready'] !== false;
    if (ports.length === 0) {
      for (const e of endpoints) {
        if (list.length === max) more = true;
        if (!ready(e)) continue;
        if (!more) list.push(e['addresses'][0]);
        count++;
      }
      continue;
    }
    for (const p of ports) {
      if ((p['name'] ?? '') !== portName) continue;
      for (const e of endpoints) {
        if (list.length === max) more = true;
        if (!ready(e)) continue;
        if (!more) list.push(`${e['addresses'][0]}:${p['port']}`);
        count++;
      }
    }
  }
  return more ? `${list.join(',')} + ${count - max} more...` : list.join(',');
}
