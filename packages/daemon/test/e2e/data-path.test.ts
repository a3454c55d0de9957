/**
 * The data path and kubeadm's cluster shape, end to end: a daemon with a control-plane node
 * and two workers, the real kubectl, and what a user sees — pods with IPs from their node's
 * podCIDR, a Service reached by DNS name from a pod through its ClusterIP, a NodePort from
 * outside, a refused connection when no endpoint is ready, a headless Service's DNS answer,
 * the control plane's mirror pods, `kubectl get pods -n kube-system`, and the iptables-save
 * text of a node's kube-proxy rules.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestCluster, kubectlAvailable, startCluster } from './cluster.js';

const ok = kubectlAvailable();

const MANIFESTS = `
apiVersion: v1
kind: Pod
metadata: { name: web-a, labels: { app: pinned } }
spec:
  nodeName: worker-1
  containers: [{ name: nginx, image: nginx:1.27 }]
---
apiVersion: v1
kind: Pod
metadata: { name: web-b, labels: { app: pinned } }
spec:
  nodeName: worker-2
  containers: [{ name: nginx, image: nginx:1.27 }]
---
apiVersion: v1
kind: Pod
metadata: { name: client }
spec:
  nodeName: worker-1
  containers: [{ name: busybox, image: busybox:1.37, command: [sleep, "3600"] }]
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  replicas: 2
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers: [{ name: nginx, image: nginx:1.27, ports: [{ containerPort: 80 }] }]
---
apiVersion: v1
kind: Service
metadata: { name: web }
spec:
  type: NodePort
  selector: { app: web }
  ports: [{ port: 80, targetPort: 80, nodePort: 30080 }]
---
apiVersion: v1
kind: Service
metadata: { name: nobody }
spec:
  selector: { app: nobody }
  ports: [{ port: 80, targetPort: 80, nodePort: 30081 }]
  type: NodePort
---
apiVersion: v1
kind: Service
metadata: { name: web-lb }
spec:
  type: LoadBalancer
  selector: { app: web }
  ports: [{ port: 8080, targetPort: 80 }]
---
apiVersion: v1
kind: Service
metadata: { name: pinned }
spec:
  clusterIP: None
  selector: { app: pinned }
  ports: [{ port: 80 }]
`;

async function until<T>(check: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 250));
  }
}

interface ExecResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

describe.skipIf(!ok)('the data path in a kubeadm-shaped cluster', () => {
  let cluster: TestCluster;

  /** pods/exec as `kubelab exec` calls it: a plain POST, the output whole (sent by the real kubectl's create --raw). */
  async function exec(pod: string, command: string[]): Promise<ExecResult> {
    const query = command.map((c) => `command=${encodeURIComponent(c)}`).join('&');
    const out = await cluster.ok(['create', '--raw', `/api/v1/namespaces/default/pods/${pod}/exec?${query}`, '-f', '-'], { input: '' });
    return JSON.parse(out) as ExecResult;
  }

  beforeAll(async () => {
    cluster = await startCluster({ nodes: 2, kubeadm: true, scheduler: { seed: 1 } });
    await cluster.ok(['apply', '-f', '-'], { input: MANIFESTS });
    // Everything Running and Ready, CoreDNS included.
    await until(async () => {
      const out = await cluster.ok(['get', 'pods', '-A', '--no-headers']);
      const rows = out.trim().split('\n');
      return rows.length >= 14 && rows.every((r) => /\s(\d+)\/\1\s+Running\s/.test(r)) ? out : undefined;
    }, 90_000);
  }, 120_000);

  afterAll(async () => {
    await cluster?.stop();
  });

  it('has kubeadm nodes: a tainted control plane and two workers, each with its own podCIDR', async () => {
    const out = await cluster.ok(['get', 'nodes', '-o', 'custom-columns=NAME:.metadata.name,CIDR:.spec.podCIDR,IP:.status.addresses[0].address,TAINTS:.spec.taints[*].key']);
    expect(out.trim().split('\n').map((l) => l.split(/\s+/))).toEqual([
      ['NAME', 'CIDR', 'IP', 'TAINTS'],
      ['control-plane', '10.244.0.0/24', '172.18.0.2', 'node-role.kubernetes.io/control-plane'],
      ['worker-1', '10.244.1.0/24', '172.18.0.3', '<none>'],
      ['worker-2', '10.244.2.0/24', '172.18.0.4', '<none>'],
    ]);
    expect(await cluster.ok(['get', 'nodes', 'control-plane', '--no-headers'])).toMatch(/^control-plane\s+Ready\s+control-plane\s/);
  });

  it('runs pods with spec.nodeName Ready, with unique IPs inside their node\'s podCIDR', async () => {
    const out = await cluster.ok(['get', 'pods', 'web-a', 'web-b', 'client', '-o', 'custom-columns=NAME:.metadata.name,NODE:.spec.nodeName,IP:.status.podIP,READY:.status.containerStatuses[0].ready', '--no-headers']);
    const rows = out.trim().split('\n').map((l) => l.split(/\s+/));
    for (const [, node, ip, ready] of rows) {
      expect(ready).toBe('true');
      expect(ip).toMatch(new RegExp(`^10\\.244\\.${node === 'worker-1' ? 1 : 2}\\.\\d+$`));
    }
    expect(new Set(rows.map((r) => r[2])).size).toBe(rows.length);
  });

  it('kube-system looks like kubeadm\'s: static control-plane pods, kube-proxy per node, two CoreDNS', async () => {
    const out = await cluster.ok(['get', 'pods', '-n', 'kube-system', '-o', 'wide', '--no-headers']);
    const names = out.trim().split('\n').map((l) => l.split(/\s+/)[0]!);
    expect(names.filter((n) => n.endsWith('-control-plane'))).toEqual(['etcd-control-plane', 'kube-apiserver-control-plane', 'kube-controller-manager-control-plane', 'kube-scheduler-control-plane']);
    expect(names.filter((n) => /^kube-proxy-[a-z0-9]{5}$/.test(n))).toHaveLength(3);
    expect(names.filter((n) => /^coredns-[a-z0-9]+-[a-z0-9]{5}$/.test(n))).toHaveLength(2);
    expect(out).toMatch(/kube-apiserver-control-plane\s+1\/1\s+Running\s+0\s+\S+\s+172\.18\.0\.2\s+control-plane/);
    expect(await cluster.ok(['get', 'svc', 'kube-dns', '-n', 'kube-system', '--no-headers'])).toMatch(/^kube-dns\s+ClusterIP\s+10\.96\.0\.10\s+<none>\s+53\/UDP,53\/TCP,9153\/TCP\s/);
  });

  it('reports static pods as mirror pods owned by their node, recreated when deleted', async () => {
    const mirror = JSON.parse(await cluster.ok(['get', 'pod', 'kube-apiserver-control-plane', '-n', 'kube-system', '-o', 'json'])) as {
      metadata: { uid: string; annotations: Record<string, string>; ownerReferences: Array<{ kind: string; name: string; controller: boolean }> };
    };
    expect(mirror.metadata.annotations['kubernetes.io/config.source']).toBe('file');
    expect(mirror.metadata.annotations['kubernetes.io/config.mirror']).toBe(mirror.metadata.annotations['kubernetes.io/config.hash']);
    expect(mirror.metadata.ownerReferences).toEqual([expect.objectContaining({ kind: 'Node', name: 'control-plane', controller: true })]);
    expect(await cluster.ok(['logs', '-n', 'kube-system', 'kube-apiserver-control-plane'])).toContain('Serving securely on [::]:6443');
    expect(await cluster.ok(['delete', 'pod', '-n', 'kube-system', 'kube-apiserver-control-plane'])).toBe('pod "kube-apiserver-control-plane" deleted\n');
    const again = await until(async () => {
      const out = await cluster.ok(['get', 'pod', 'kube-apiserver-control-plane', '-n', 'kube-system', '-o', 'jsonpath={.metadata.uid} {.status.containerStatuses[0].restartCount} {.status.phase}']);
      return out.split(' ')[0] !== mirror.metadata.uid && out.endsWith('Running') ? out : undefined;
    });
    // The same containers kept running: the mirror only mirrors.
    expect(again.split(' ')[1]).toBe('0');
  });

  it('wget inside a pod reaches a Deployment by its Service name, through the ClusterIP', async () => {
    const result = await exec('client', ['wget', '-qO-', 'http://web.default.svc.cluster.local']);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('<title>Welcome to nginx!</title>');
    // The real kubectl exec (WebSocket) gives the same page.
    const page = await cluster.ok(['exec', 'client', '--', 'wget', '-qO-', 'http://web.default.svc.cluster.local']);
    expect(page).toBe(result.stdout);
    for (const name of ['web', 'web.default']) {
      const short = await exec('client', ['wget', '-qO-', `http://${name}`]);
      expect(short.stdout).toContain('<h1>Welcome to nginx!</h1>');
    }
    const clusterIP = await cluster.ok(['get', 'svc', 'web', '-o', 'jsonpath={.spec.clusterIP}']);
    const lookup = await exec('client', ['nslookup', 'web']);
    expect(lookup.stdout).toContain('Server:\t\t10.96.0.10');
    expect(lookup.stdout).toContain(`Name:\tweb.default.svc.cluster.local\nAddress: ${clusterIP}\n`);
  });

  it('the kubernetes Service leads to the API server on the control plane, as its endpoint reconciler writes it', async () => {
    expect(await cluster.ok(['get', 'endpoints', 'kubernetes', '-o', 'jsonpath={.subsets[0].addresses[0].ip}:{.subsets[0].ports[0].port}'])).toBe('172.18.0.2:6443');
    expect(await cluster.ok(['get', 'endpointslice', 'kubernetes', '-o', 'jsonpath={.endpoints[0].addresses[0]}:{.ports[0].port}'])).toBe('172.18.0.2:6443');
    const live = await exec('client', ['wget', '-qO-', '--no-check-certificate', 'https://kubernetes.default/livez']);
    expect(live).toMatchObject({ exitCode: 0, stdout: 'ok' });
  });

  it('pods reach each other by pod IP across nodes, without NAT', async () => {
    const ip = await cluster.ok(['get', 'pod', 'web-b', '-o', 'jsonpath={.status.podIP}']);
    const result = await exec('client', ['wget', '-qO-', `http://${ip}/`]);
    expect(result.stdout).toContain('Welcome to nginx!');
    const clientIP = await cluster.ok(['get', 'pod', 'client', '-o', 'jsonpath={.status.podIP}']);
    const log = await cluster.ok(['logs', 'web-b']);
    expect(log).toContain(`${clientIP} - - [`);
  });

  it('refuses connections to a Service with no ready endpoint, as in life', async () => {
    const result = await exec('client', ['wget', '-qO-', 'http://nobody']);
    const clusterIP = await cluster.ok(['get', 'svc', 'nobody', '-o', 'jsonpath={.spec.clusterIP}']);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toBe(`wget: can't connect to remote host (${clusterIP}): Connection refused\n`);
    const outside = await cluster.daemon.dataPath.curl('http://172.18.0.3:30081/');
    expect(outside.outcome).toBe('refused');
    expect(outside.hops.join('\n')).toContain('has no endpoints');
  });

  it('answers on a NodePort of every node from outside the cluster, with the hops for --trace', async () => {
    for (const ip of ['172.18.0.2', '172.18.0.3', '172.18.0.4']) {
      const result = await cluster.daemon.dataPath.curl(`http://${ip}:30080/`);
      expect(result.outcome).toBe('connected');
      expect(result.http?.status).toBe(200);
      expect(result.http?.body).toContain('Welcome to nginx!');
      const trace = result.hops.join('\n');
      expect(trace).toMatch(/-A KUBE-NODEPORTS -p tcp -m comment --comment "default\/web" -m tcp --dport 30080 -j KUBE-EXT-/);
      expect(trace).toMatch(/dnat\s+172\.18\.0\.\d:30080 → 10\.244\.\d\.\d+:80/);
      expect(trace).toMatch(/answer\s+HTTP\/1\.1 200 OK/);
    }
    const clusterIP = await cluster.ok(['get', 'svc', 'web', '-o', 'jsonpath={.spec.clusterIP}']);
    expect((await cluster.daemon.dataPath.curl(`http://${clusterIP}/`)).outcome).toBe('timeout');
  });

  it('reaches a LoadBalancer Service at the ingress IP the simulated cloud gave it', async () => {
    const ip = await until(async () => (await cluster.ok(['get', 'svc', 'web-lb', '-o', 'jsonpath={.status.loadBalancer.ingress[0].ip}'])) || undefined);
    const result = await cluster.daemon.dataPath.curl(`http://${ip}:8080/`);
    expect(result.outcome).toBe('connected');
    expect(result.http?.body).toContain('Welcome to nginx!');
    // kubeadm's control-plane node is excluded from external load balancers: a worker answers.
    expect(result.hops[0]).toMatch(new RegExp(`^lb\\s+${ip.replace(/\./g, '\\.')} is the load balancer of default/web-lb; node worker-1 \\(172\\.18\\.0\\.3\\) answers for it$`));
    expect((await cluster.daemon.dataPath.curl(`http://${ip}:9999/`)).outcome).not.toBe('connected');
  });

  it('traces a command\'s lookups and connections hop by hop (exec with trace)', async () => {
    const r = await cluster.daemon.nodes.exec('worker-1', { namespace: 'default', pod: 'client', command: ['wget', '-qO-', 'http://web'], trace: true });
    expect(r.exitCode).toBe(0);
    const trace = r.hops!.join('\n');
    expect(trace).toMatch(/^dns\s+web → web\.default\.svc\.cluster\.local: A 10\.\d+\.\d+\.\d+ \(kube-system\/coredns-\S+ behind 10\.96\.0\.10\)$/m);
    expect(trace).toMatch(/^node\s+worker-1 \(172\.18\.0\.3\): nat PREROUTING$/m);
    expect(trace).toMatch(/^rule\s+-A KUBE-SERVICES -d 10\.\S+ -p tcp -m comment --comment "default\/web cluster IP" -m tcp --dport 80 -j KUBE-SVC-/m);
    expect(trace).toMatch(/^dnat\s+10\.\S+:80 → 10\.244\.\d\.\d+:80$/m);
    expect(trace).toMatch(/^pod\s+pod default\/web-\S+ 10\.244\.\d\.\d+:80\/TCP$/m);
    expect(trace).toMatch(/^answer\s+HTTP\/1\.1 200 OK \(\d+ bytes\)$/m);
  });

  it('cluster DNS gives a headless Service\'s pod IPs', async () => {
    const ips = (await cluster.ok(['get', 'pods', 'web-a', 'web-b', '-o', 'jsonpath={.items[*].status.podIP}'])).split(' ').sort();
    const answer = await until(async () => {
      const r = await exec('client', ['nslookup', 'pinned.default.svc.cluster.local']);
      return r.exitCode === 0 && ips.every((ip) => r.stdout.includes(`Address: ${ip}`)) ? r : undefined;
    });
    expect(answer.stdout).toContain('Name:\tpinned.default.svc.cluster.local\n');
    const [a, b, c, d] = ips[0]!.split('.');
    const pod = await exec('client', ['nslookup', `${a}-${b}-${c}-${d}.default.pod.cluster.local`]);
    expect(pod.stdout).toContain(`Name:\t${a}-${b}-${c}-${d}.default.pod.cluster.local\nAddress: ${ips[0]}\n`);
    const missing = await exec('client', ['nslookup', 'nothing-here']);
    expect(missing.stdout).toContain("** server can't find nothing-here: NXDOMAIN");
  });

  it('prints a node\'s kube-proxy rules in iptables-save form', async () => {
    const text = cluster.daemon.dataPath.iptablesSave('worker-1')!;
    expect(text).toMatch(/^# Generated by iptables-save v1\.8\.9 \(nf_tables\) on /);
    expect(text).toContain('*nat\n');
    expect(text).toContain(':KUBE-SERVICES - [0:0]\n');
    expect(text).toContain(':KUBE-NODEPORTS - [0:0]\n');
    expect(text).toMatch(/-A KUBE-SERVICES -d 10\.96\.0\.10\/32 -p udp -m comment --comment "kube-system\/kube-dns:dns cluster IP" -m udp --dport 53 -j KUBE-SVC-TCOU7JCQXEZGVUNU/);
    expect(text).toMatch(/-A KUBE-SVC-\S+ -m comment --comment "default\/web -> 10\.244\.\d\.\d+:80" -m statistic --mode random --probability 0\.50000000000 -j KUBE-SEP-/);
    expect(text).toMatch(/-A KUBE-SEP-\S+ -p tcp -m comment --comment "default\/web" -m tcp -j DNAT --to-destination 10\.244\.\d\.\d+:80/);
    expect(cluster.daemon.dataPath.iptablesSave('no-such-node')).toBeUndefined();
  });

  it('freezes a stopped node\'s rules while the others follow the API', async () => {
    const before = cluster.daemon.dataPath.iptablesSave('worker-2', ['nat'])!.replace(/^#.*\n/gm, '');
    await cluster.daemon.nodes.stopNode('worker-2');
    try {
      await cluster.ok(['create', 'service', 'clusterip', 'late', '--tcp=80:80']);
      await until(async () => (cluster.daemon.dataPath.iptablesSave('worker-1')!.includes('default/late') ? true : undefined));
      expect(cluster.daemon.dataPath.iptablesSave('worker-2', ['nat'])!.replace(/^#.*\n/gm, '')).toBe(before);
    } finally {
      await cluster.daemon.nodes.startNode('worker-2');
    }
    expect(cluster.daemon.dataPath.iptablesSave('worker-2')).toContain('-A KUBE-SERVICES -d ');
    expect(cluster.daemon.dataPath.iptablesSave('worker-2')).toContain('"default/late:80-80 has no endpoints"');
  });

  it('DNS times out when no CoreDNS pod is ready', async () => {
    await cluster.ok(['scale', 'deployment', 'coredns', '-n', 'kube-system', '--replicas=0']);
    const result = await until(async () => {
      const r = await exec('client', ['nslookup', 'web']);
      return r.exitCode === 1 ? r : undefined;
    });
    expect(result.stdout).toBe(';; connection timed out; no servers could be reached\n\n');
    await cluster.ok(['scale', 'deployment', 'coredns', '-n', 'kube-system', '--replicas=2']);
  });

  it('comes back the same after a daemon restart: one mirror per static pod, Services answering', async () => {
    await cluster.restart();
    await until(async () => {
      const out = await cluster.ok(['get', 'pods', '-A', '--no-headers']);
      const rows = out.trim().split('\n');
      return rows.every((r) => /\s(\d+)\/\1\s+Running\s/.test(r)) && rows.length >= 14 ? out : undefined;
    }, 90_000);
    const names = (await cluster.ok(['get', 'pods', '-n', 'kube-system', '-o', 'name'])).trim().split('\n');
    expect(names.filter((n) => n.endsWith('-control-plane'))).toHaveLength(4);
    const result = await until(async () => {
      const r = await exec('client', ['wget', '-qO-', 'http://web']);
      return r.exitCode === 0 ? r : undefined;
    });
    expect(result.stdout).toContain('Welcome to nginx!');
  }, 120_000);
});
