/**
 * kubeadm's control-plane phase: the static pod manifests of kube-apiserver, etcd,
 * kube-scheduler and kube-controller-manager, written into the control-plane node's static
 * pod directory (/etc/kubernetes/manifests on a kubeadm node; <data-dir>/nodes/control-plane/
 * manifests/ here) so its kubelet runs them and reports them as mirror pods
 * (kube-apiserver-control-plane, …). They are simulated processes — the real API server,
 * store, scheduler and controllers are the daemon's — with kubeadm's flags, probes and
 * requests, so `kubectl get pods -n kube-system` and `kubectl describe` look familiar.
 *
 * A manifest is written only when absent, as kubeadm init writes them once: an edited
 * manifest survives restarts, and deleting one stops its pod (until the next fresh data dir).
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';

export const CONTROL_PLANE_VERSION = 'v1.32.0';
export const ETCD_IMAGE = 'registry.k8s.io/etcd:3.5.16-0';

interface Probe {
  host: string;
  path: string;
  port: number;
  scheme: 'HTTP' | 'HTTPS';
}

export function writeControlPlaneManifests(dir: string, options: { nodeName: string; nodeIP: string }): string[] {
  mkdirSync(dir, { recursive: true });
  const written: string[] = [];
  for (const [name, pod] of Object.entries(controlPlanePods(options))) {
    const file = join(dir, `${name}.yaml`);
    if (existsSync(file)) continue;
    writeFileSync(file, stringify(pod));
    written.push(file);
  }
  return written;
}

function controlPlanePods({ nodeName, nodeIP }: { nodeName: string; nodeIP: string }): Record<string, object> {
  return {
    etcd: staticPod({
      name: 'etcd',
      annotations: { 'kubeadm.kubernetes.io/etcd.advertise-client-urls': `https://${nodeIP}:2379` },
      image: ETCD_IMAGE,
      command: [
        'etcd',
        `--advertise-client-urls=https://${nodeIP}:2379`,
        '--cert-file=/etc/kubernetes/pki/etcd/server.crt',
        '--client-cert-auth=true',
        '--data-dir=/var/lib/etcd',
        '--experimental-initial-corrupt-check=true',
        '--experimental-watch-progress-notify-interval=5s',
        `--initial-advertise-peer-urls=https://${nodeIP}:2380`,
        `--initial-cluster=${nodeName}=https://${nodeIP}:2380`,
        '--key-file=/etc/kubernetes/pki/etcd/server.key',
        `--listen-client-urls=https://127.0.0.1:2379,https://${nodeIP}:2379`,
        '--listen-metrics-urls=http://127.0.0.1:2381',
        `--listen-peer-urls=https://${nodeIP}:2380`,
        `--name=${nodeName}`,
        '--peer-cert-file=/etc/kubernetes/pki/etcd/peer.crt',
        '--peer-client-cert-auth=true',
        '--peer-key-file=/etc/kubernetes/pki/etcd/peer.key',
        '--peer-trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt',
        '--snapshot-count=10000',
        '--trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt',
      ],
      requests: { cpu: '100m', memory: '100Mi' },
      liveness: { host: '127.0.0.1', path: '/livez', port: 2381, scheme: 'HTTP' },
      readiness: { host: '127.0.0.1', path: '/readyz', port: 2381, scheme: 'HTTP' },
      startup: { host: '127.0.0.1', path: '/readyz', port: 2381, scheme: 'HTTP' },
      volumes: [
        ['etcd-certs', '/etc/kubernetes/pki/etcd', 'DirectoryOrCreate', false],
        ['etcd-data', '/var/lib/etcd', 'DirectoryOrCreate', false],
      ],
    }),
    'kube-apiserver': staticPod({
      name: 'kube-apiserver',
      annotations: { 'kubeadm.kubernetes.io/kube-apiserver.advertise-address.endpoint': `${nodeIP}:6443` },
      image: `registry.k8s.io/kube-apiserver:${CONTROL_PLANE_VERSION}`,
      command: [
        'kube-apiserver',
        `--advertise-address=${nodeIP}`,
        '--allow-privileged=true',
        '--authorization-mode=Node,RBAC',
        '--client-ca-file=/etc/kubernetes/pki/ca.crt',
        '--enable-admission-plugins=NodeRestriction',
        '--enable-bootstrap-token-auth=true',
        '--etcd-cafile=/etc/kubernetes/pki/etcd/ca.crt',
        '--etcd-certfile=/etc/kubernetes/pki/apiserver-etcd-client.crt',
        '--etcd-keyfile=/etc/kubernetes/pki/apiserver-etcd-client.key',
        '--etcd-servers=https://127.0.0.1:2379',
        '--kubelet-client-certificate=/etc/kubernetes/pki/apiserver-kubelet-client.crt',
        '--kubelet-client-key=/etc/kubernetes/pki/apiserver-kubelet-client.key',
        '--kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname',
        '--secure-port=6443',
        '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
        '--service-account-key-file=/etc/kubernetes/pki/sa.pub',
        '--service-account-signing-key-file=/etc/kubernetes/pki/sa.key',
        '--service-cluster-ip-range=10.96.0.0/12',
        '--tls-cert-file=/etc/kubernetes/pki/apiserver.crt',
        '--tls-private-key-file=/etc/kubernetes/pki/apiserver.key',
      ],
      requests: { cpu: '250m' },
      liveness: { host: nodeIP, path: '/livez', port: 6443, scheme: 'HTTPS' },
      readiness: { host: nodeIP, path: '/readyz', port: 6443, scheme: 'HTTPS' },
      startup: { host: nodeIP, path: '/livez', port: 6443, scheme: 'HTTPS' },
      volumes: [
        ['ca-certs', '/etc/ssl/certs', 'DirectoryOrCreate', true],
        ['k8s-certs', '/etc/kubernetes/pki', 'DirectoryOrCreate', true],
      ],
    }),
    'kube-controller-manager': staticPod({
      name: 'kube-controller-manager',
      image: `registry.k8s.io/kube-controller-manager:${CONTROL_PLANE_VERSION}`,
      command: [
        'kube-controller-manager',
        '--allocate-node-cidrs=true',
        '--authentication-kubeconfig=/etc/kubernetes/controller-manager.conf',
        '--authorization-kubeconfig=/etc/kubernetes/controller-manager.conf',
        '--bind-address=127.0.0.1',
        '--client-ca-file=/etc/kubernetes/pki/ca.crt',
        '--cluster-cidr=10.244.0.0/16',
        '--cluster-name=kubernetes',
        '--cluster-signing-cert-file=/etc/kubernetes/pki/ca.crt',
        '--cluster-signing-key-file=/etc/kubernetes/pki/ca.key',
        '--controllers=*,bootstrapsigner,tokencleaner',
        '--kubeconfig=/etc/kubernetes/controller-manager.conf',
        '--leader-elect=true',
        '--root-ca-file=/etc/kubernetes/pki/ca.crt',
        '--service-account-private-key-file=/etc/kubernetes/pki/sa.key',
        '--service-cluster-ip-range=10.96.0.0/12',
        '--use-service-account-credentials=true',
      ],
      requests: { cpu: '200m' },
      liveness: { host: '127.0.0.1', path: '/healthz', port: 10257, scheme: 'HTTPS' },
      startup: { host: '127.0.0.1', path: '/healthz', port: 10257, scheme: 'HTTPS' },
      volumes: [
        ['k8s-certs', '/etc/kubernetes/pki', 'DirectoryOrCreate', true],
        ['kubeconfig', '/etc/kubernetes/controller-manager.conf', 'FileOrCreate', true],
      ],
    }),
    'kube-scheduler': staticPod({
      name: 'kube-scheduler',
      image: `registry.k8s.io/kube-scheduler:${CONTROL_PLANE_VERSION}`,
      command: [
        'kube-scheduler',
        '--authentication-kubeconfig=/etc/kubernetes/scheduler.conf',
        '--authorization-kubeconfig=/etc/kubernetes/scheduler.conf',
        '--bind-address=127.0.0.1',
        '--kubeconfig=/etc/kubernetes/scheduler.conf',
        '--leader-elect=true',
      ],
      requests: { cpu: '100m' },
      liveness: { host: '127.0.0.1', path: '/healthz', port: 10259, scheme: 'HTTPS' },
      startup: { host: '127.0.0.1', path: '/healthz', port: 10259, scheme: 'HTTPS' },
      volumes: [['kubeconfig', '/etc/kubernetes/scheduler.conf', 'FileOrCreate', true]],
    }),
  };
}

interface StaticPodShape {
  name: string;
  annotations?: Record<string, string>;
  image: string;
  command: string[];
  requests: Record<string, string>;
  liveness: Probe;
  readiness?: Probe;
  startup: Probe;
  volumes: Array<[name: string, path: string, type: string, readOnly: boolean]>;
}

/** A kubeadm static pod: host network, system-node-critical, kubeadm's probe timings. */
function staticPod(p: StaticPodShape): object {
  const get = (probe: Probe) => ({ host: probe.host, path: probe.path, port: probe.port, scheme: probe.scheme });
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      ...(p.annotations ? { annotations: p.annotations } : {}),
      labels: { component: p.name, tier: 'control-plane' },
      name: p.name,
      namespace: 'kube-system',
    },
    spec: {
      containers: [
        {
          command: p.command,
          image: p.image,
          imagePullPolicy: 'IfNotPresent',
          livenessProbe: { failureThreshold: 8, httpGet: get(p.liveness), initialDelaySeconds: 10, periodSeconds: 10, timeoutSeconds: 15 },
          name: p.name,
          ...(p.readiness ? { readinessProbe: { failureThreshold: 3, httpGet: get(p.readiness), periodSeconds: 1, timeoutSeconds: 15 } } : {}),
          resources: { requests: p.requests },
          startupProbe: { failureThreshold: 24, httpGet: get(p.startup), initialDelaySeconds: 10, periodSeconds: 10, timeoutSeconds: 15 },
          volumeMounts: p.volumes.map(([name, mountPath, , readOnly]) => ({ mountPath, name, ...(readOnly ? { readOnly: true } : {}) })),
        },
      ],
      hostNetwork: true,
      priorityClassName: 'system-node-critical',
      securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
      volumes: p.volumes.map(([name, path, type]) => ({ hostPath: { path, type }, name })),
    },
    status: {},
  };
}
