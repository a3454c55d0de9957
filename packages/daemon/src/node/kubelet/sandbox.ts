/**
 * The pod sandbox as the kubelet asks for it (kuberuntime_sandbox.go
 * generatePodSandboxConfig): the pod's identity and labels, its hostname, host network or
 * not, port mappings, and DNS from its dnsPolicy (dns.go) — ClusterFirst means the cluster
 * DNS server with the namespace's search path and ndots:5. Also the kubelet-managed
 * /etc/hosts every container of a pod shares (kubelet_pods.go managedHostsFileContent).
 */
import { LABEL_POD_NAME, LABEL_POD_NAMESPACE, LABEL_POD_UID, type PodSandboxConfig, type PortMapping } from '../runtime/cri.js';
import type { KubeletConfiguration } from './config.js';
import type { Pod } from './pod-types.js';

export function sandboxConfig(pod: Pod, attempt: number, config: KubeletConfiguration): PodSandboxConfig {
  const m = pod.metadata!;
  const ports: PortMapping[] = [];
  for (const c of pod.spec.containers) {
    for (const p of c.ports ?? []) if (p.hostPort) ports.push({ protocol: p.protocol ?? 'TCP', containerPort: p.containerPort, hostPort: p.hostPort });
  }
  return {
    metadata: { name: m.name!, namespace: m.namespace!, uid: m.uid!, attempt },
    hostname: podHostname(pod),
    labels: { ...(m.labels ?? {}), [LABEL_POD_NAME]: m.name!, [LABEL_POD_NAMESPACE]: m.namespace!, [LABEL_POD_UID]: m.uid! },
    annotations: { ...(m.annotations ?? {}) },
    portMappings: ports,
    hostNetwork: !!pod.spec.hostNetwork,
    dnsConfig: dnsConfig(pod, config),
  };
}

/** spec.hostname, else the pod's name, cut to 63 characters (a DNS label). */
export function podHostname(pod: Pod): string {
  return (pod.spec.hostname || pod.metadata!.name!).slice(0, 63).replace(/[-.]+$/, '');
}

function dnsConfig(pod: Pod, config: KubeletConfiguration): PodSandboxConfig['dnsConfig'] {
  const policy = pod.spec.dnsPolicy ?? 'ClusterFirst';
  const clusterFirst = policy === 'ClusterFirstWithHostNet' || (policy === 'ClusterFirst' && !pod.spec.hostNetwork);
  if (!clusterFirst) return { servers: ['8.8.8.8'], searches: [], options: [] };
  const ns = pod.metadata!.namespace!;
  const d = config.clusterDomain;
  return { servers: [config.clusterDNS], searches: [`${ns}.svc.${d}`, `svc.${d}`, d], options: ['ndots:5'] };
}

export function hostsFile(pod: Pod, podIP: string | undefined, clusterDomain: string): string {
  let text =
    '# Kubernetes-managed hosts file.\n' +
    '127.0.0.1\tlocalhost\n' +
    '::1\tlocalhost ip6-localhost ip6-loopback\n' +
    'fe00::0\tip6-localnet\n' +
    'fe00::0\tip6-mcastprefix\n' +
    'fe00::1\tip6-allnodes\n' +
    'fe00::2\tip6-allrouters\n';
  const hostname = podHostname(pod);
  if (podIP) {
    text += pod.spec.subdomain
      ? `${podIP}\t${hostname}.${pod.spec.subdomain}.${pod.metadata!.namespace}.svc.${clusterDomain}\t${hostname}\n`
      : `${podIP}\t${hostname}\n`;
  }
  if (pod.spec.hostAliases?.length) {
    text += '\n# Entries added by HostAliases.\n';
    for (const a of pod.spec.hostAliases) text += `${a.ip}\t${(a.hostnames ?? []).join('\t')}\n`;
  }
  return text;
}
