/**
 * Service columns (printService): TYPE, CLUSTER-IP (the first of spec.clusterIPs, "None" for
 * a headless service, "<none>" without one), EXTERNAL-IP, PORT(S) ("80/TCP",
 * "80:30080/TCP" with a node port, "<none>" without ports), AGE, and with -o wide SELECTOR.
 *
 * EXTERNAL-IP depends on the type: ClusterIP and NodePort services show spec.externalIPs or
 * "<none>"; a LoadBalancer shows its ingress IPs or hostnames (sorted, de-duplicated, cut to
 * 16 characters with "..." outside wide output — the server always prints wide) followed by
 * spec.externalIPs, or "<pending>" while it has neither; ExternalName shows the name.
 */
import type { KubeObject } from '../../api/meta.js';
import type { Cell } from '../table-types.js';
import { AGE_COLUMN, NAME_COLUMN, age, column, compareStrings, formatLabels, int, nameOf, text, wide, type Printer } from './common.js';

interface ServicePortView {
  port?: number;
  nodePort?: number;
  protocol?: string;
}

interface ServiceView extends KubeObject {
  spec?: {
    type?: string;
    clusterIP?: string;
    clusterIPs?: string[];
    externalIPs?: string[];
    externalName?: string;
    ports?: ServicePortView[];
    selector?: Record<string, string>;
  };
  status?: { loadBalancer?: { ingress?: Array<{ ip?: string; hostname?: string }> } };
}

export const servicePrinter: Printer = {
  columns: [
    NAME_COLUMN,
    column('Type', 'string', 'How the service is exposed: ClusterIP, NodePort, LoadBalancer or ExternalName.'),
    column('Cluster-IP', 'string', 'The virtual IP the service answers on inside the cluster.'),
    column('External-IP', 'string', 'Addresses the service is reachable on from outside the cluster.'),
    column('Port(s)', 'string', 'The service ports, with node ports, and their protocols.'),
    AGE_COLUMN,
    wide('Selector', 'string', 'The pod labels that pick the endpoints of the service.'),
  ],
  cells: (obj, now) => serviceCells(obj as ServiceView, now),
};

function serviceCells(svc: ServiceView, now: number): Cell[] {
  const spec = svc.spec ?? {};
  // Decoding fills clusterIPs from clusterIP, and the type defaults to ClusterIP.
  const clusterIPs = spec.clusterIPs?.length ? spec.clusterIPs : spec.clusterIP ? [spec.clusterIP] : [];
  const type = spec.type || 'ClusterIP';
  return [
    nameOf(svc),
    type,
    clusterIPs[0] ?? '<none>',
    externalIP(svc, type, true),
    portsText(spec.ports ?? []) || '<none>',
    age(svc, now),
    formatLabels(spec.selector),
  ];
}

/** Ingress points are clipped to this many bytes outside wide output (loadBalancerWidth). */
const LOAD_BALANCER_WIDTH = 16;

export function externalIP(svc: ServiceView, type: string, wideOutput: boolean): string {
  const externalIPs = svc.spec?.externalIPs ?? [];
  switch (type) {
    case 'ClusterIP':
    case 'NodePort':
      return externalIPs.length > 0 ? externalIPs.join(',') : '<none>';
    case 'LoadBalancer': {
      const lb = loadBalancerText(svc, wideOutput);
      if (externalIPs.length > 0) return [...(lb ? lb.split(',') : []), ...externalIPs].join(',');
      return lb || '<pending>';
    }
    case 'ExternalName':
      return text(svc.spec?.externalName);
    default:
      return '<unknown>';
  }
}

function loadBalancerText(svc: ServiceView, wideOutput: boolean): string {
  const points = new Set<string>();
  for (const ingress of svc.status?.loadBalancer?.ingress ?? []) {
    if (ingress.ip) points.add(ingress.ip);
    else if (ingress.hostname) points.add(ingress.hostname);
  }
  const joined = [...points].sort(compareStrings).join(',');
  if (!wideOutput && joined.length > LOAD_BALANCER_WIDTH) return `${joined.slice(0, LOAD_BALANCER_WIDTH - 3)}...`;
  return joined;
}

function portsText(ports: readonly ServicePortView[]): string {
  return ports
    .map((p) => {
      // The protocol defaults to TCP when a service is decoded.
      const protocol = p.protocol || 'TCP';
      return int(p.nodePort) > 0 ? `${int(p.port)}:${int(p.nodePort)}/${protocol}` : `${int(p.port)}/${protocol}`;
    })
    .join(',');
}
