/**
 * The node drills end to end: the built `kubelab` against a real daemon (nodes that go
 * Unknown after 15 s of silence), the real kubectl watching what they do to the cluster —
 * a node joins, its kubelet stops and starts, its machine goes away; crictl, the kubelet's
 * journal and kube-proxy's rules on a node; curl from outside to a NodePort; and kubelets
 * in a process of their own (`kubelab node-agent`).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { start } from '../support/etcd.js';
import { CLI_BIN, Lab, type Result, assertBuilt, printedKubeconfig } from '../support/lab.js';

let lab: Lab;
let kubeconfig: string;

beforeAll(async () => {
  assertBuilt();
  lab = new Lab();
  // Longer than the kubelet's 10 s lease renewal, as upstream requires: a shorter grace period
  // makes healthy nodes flap to Unknown between renewals (and their pods' endpoints with them).
  const up = await lab.kubelab('up', '--nodes', '2', '--node-monitor-grace-period', '15s');
  if (up.code !== 0) throw new Error(`kubelab up failed: ${up.stderr}`);
  kubeconfig = printedKubeconfig(up.stdout);
}, 120_000);

afterAll(async () => lab?.cleanup(), 60_000);

const kubelab = (...args: string[]) => lab.kubelab(...args);
const kubectl = (...args: string[]) => lab.kubectl(kubeconfig, ...args);

/** Retries check (which throws until it passes) every 250 ms for up to timeoutMs. */
async function eventually<T>(check: () => Promise<T>, timeoutMs = 45_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

const ready = async (node: string) => (await kubectl('get', 'node', node, '-o', 'jsonpath={.status.conditions[?(@.type=="Ready")].status}')).stdout;
const ok = (r: Result) => {
  if (r.code !== 0) throw new Error(`exit ${r.code}: ${r.stderr}`);
  return r.stdout;
};

function apply(name: string, yaml: string): Promise<Result> {
  const file = join(lab.root, `${name}.yaml`);
  writeFileSync(file, yaml);
  return kubectl('apply', '-f', file);
}

describe('kubelab node add', () => {
  it('joins a node that kubectl sees Ready, with its labels, taints and runtime', async () => {
    expect(await kubelab('node', 'add', 'worker-3', '--labels', 'tier=edge', '--taints', 'dedicated=edge:NoSchedule', '--runtime', 'cri-o', '--memory', '4Gi')).toEqual({ code: 0, stdout: 'node/worker-3 created\n', stderr: '' });
    await eventually(async () => expect(await ready('worker-3')).toBe('True'));
    const wide = ok(await kubectl('get', 'nodes', 'worker-3', '-o', 'wide', '--no-headers'));
    expect(wide).toMatch(/^worker-3\s+Ready\s+<none>\s+\S+\s+v1\.32\.0\s+172\.18\.0\.5\s+/);
    expect(wide).toContain('cri-o://1.32.1');
    expect(ok(await kubectl('get', 'node', 'worker-3', '-o', 'jsonpath={.metadata.labels.tier} {.spec.taints[0].key}={.spec.taints[0].value}:{.spec.taints[0].effect} {.status.capacity.memory}'))).toBe('edge dedicated=edge:NoSchedule 4Gi');
  });

  it("refuses what the API server would, in kubectl's words", async () => {
    expect(await kubelab('node', 'add', 'worker-3')).toEqual({ code: 1, stdout: '', stderr: 'Error from server (AlreadyExists): nodes "worker-3" already exists\n' });
    const bad = await kubelab('node', 'add', 'Edge_1');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^The Node "Edge_1" is invalid: metadata.name: Invalid value: "Edge_1": a lowercase RFC 1123 subdomain must consist of/);
    const runtime = await kubelab('node', 'add', 'edge-1', '--runtime', 'rkt');
    expect(runtime.code).toBe(1);
    expect(runtime.stderr).toContain('rkt');
    expect(await kubelab('node', 'stop')).toMatchObject({ code: 1, stderr: "error: exactly one NODE is required, got 0\nSee 'kubelab node stop --help' for usage.\n" });
    const elsewhere = { KUBELAB_HOME: join(lab.root, 'no-daemon-here') };
    for (const args of [['node', 'stop', 'worker-1'], ['node', 'crictl', 'worker-1', 'ps'], ['curl', 'http://172.18.0.3/'], ['node-agent', '--nodes', 'edge-9']]) {
      expect(await lab.kubelabWith(elsewhere, ...args)).toEqual({ code: 1, stdout: '', stderr: 'error: kubelab is not running (start it with: kubelab up)\n' });
    }
    for (const drill of ['stop', 'start', 'remove', 'logs', 'iptables']) {
      expect(await kubelab('node', drill, 'nope')).toEqual({ code: 1, stdout: '', stderr: 'Error from server (NotFound): nodes "nope" not found\n' });
    }
  });
});

describe('on a node: crictl, the journal, iptables, and curl from outside', () => {
  let nodeIP = '';
  let nodePort = '';

  beforeAll(async () => {
    ok(
      await apply(
        'web',
        `apiVersion: v1
kind: Pod
metadata: {name: web, labels: {app: web}}
spec:
  nodeName: worker-1
  containers: [{name: nginx, image: "nginx:1.27", ports: [{containerPort: 80}]}]
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  type: NodePort
  selector: {app: web}
  ports: [{port: 80, targetPort: 80}]
`,
      ),
    );
    await eventually(async () => expect(ok(await kubectl('get', 'pod', 'web', '-o', 'jsonpath={.status.conditions[?(@.type=="Ready")].status}'))).toBe('True'));
    nodeIP = ok(await kubectl('get', 'node', 'worker-1', '-o', 'jsonpath={.status.addresses[?(@.type=="InternalIP")].address}'));
    nodePort = ok(await kubectl('get', 'service', 'web', '-o', 'jsonpath={.spec.ports[0].nodePort}'));
    // kube-proxy programs the Service's rules once its informers have seen it and its endpoints.
    await eventually(async () => expect(ok(await kubelab('node', 'iptables', 'worker-1'))).toContain(`--dport ${nodePort} -j KUBE-EXT-`));
  }, 90_000);

  it("crictl shows the pod's pause sandbox, its container, the images, and the container's log and status", async () => {
    const pods = ok(await kubelab('node', 'crictl', 'worker-1', 'pods'));
    // crictl's columns are tabwriter cells: CREATED widens to "About a minute ago" on a slow run.
    expect(pods.split('\n')[0]).toMatch(/^POD ID {14}CREATED {13,}STATE {15}NAME {2,}NAMESPACE {11}ATTEMPT {13}RUNTIME$/);
    expect(pods).toMatch(/^[0-9a-f]{13}\s{7}\S.* ago\s+Ready\s+web\s+default\s+0\s+\(default\)$/m);
    const ps = ok(await kubelab('node', 'crictl', 'worker-1', 'ps'));
    expect(ps.split('\n')[0]).toMatch(/^CONTAINER\s+IMAGE\s+CREATED\s+STATE\s+NAME\s+ATTEMPT\s+POD ID\s+POD\s+NAMESPACE$/);
    const row = ps.split('\n').find((l) => / nginx /.test(l) && / web /.test(l));
    expect(row).toMatch(/^([0-9a-f]{13})\s+[0-9a-f]{13}\s+.* ago\s+Running\s+nginx\s+0\s+[0-9a-f]{13}\s+web\s+default$/);
    const id = row!.slice(0, 13);
    const filtered = ok(await kubelab('node', 'crictl', 'worker-1', 'ps', '--name', '^nginx$', '--namespace', 'default', '-q', '--no-trunc'));
    expect(filtered).toMatch(new RegExp(`^${id}[0-9a-f]{51}\n$`));
    expect(ok(await kubelab('node', 'crictl', 'worker-1', 'ps', '--state', 'exited', '--name', '^nginx$')).split('\n').filter(Boolean)).toHaveLength(1);
    expect(await kubelab('node', 'crictl', 'worker-1', 'ps', '--state', 'sleeping')).toMatchObject({ code: 1, stderr: 'error: unsupported container state "sleeping" (one of: created, running, exited, unknown)\n' });
    const images = ok(await kubelab('node', 'crictl', 'worker-1', 'images'));
    expect(images).toMatch(/^registry\.k8s\.io\/pause\s+3\.10\s+[0-9a-f]{13}\s+\S+B$/m);
    expect(images).toMatch(/^docker\.io\/library\/nginx\s+1\.27\s+[0-9a-f]{13}\s+\S+MB$/m);
    expect(ok(await kubelab('node', 'crictl', 'worker-1', 'logs', id))).toContain('Configuration complete; ready for start up');
    const inspect = JSON.parse(ok(await kubelab('node', 'crictl', 'worker-1', 'inspect', id))) as { status: { state: string; metadata: { name: string } }; info: { sandboxID: string } };
    expect(inspect.status).toMatchObject({ state: 'CONTAINER_RUNNING', metadata: { name: 'nginx' } });
    expect(pods).toContain(inspect.info.sandboxID.slice(0, 13));
    const sandbox = JSON.parse(ok(await kubelab('node', 'crictl', 'worker-1', 'inspectp', inspect.info.sandboxID.slice(0, 10)))) as { status: { state: string; network: { ip: string }; metadata: { name: string } } };
    const podIP = ok(await kubectl('get', 'pod', 'web', '-o', 'jsonpath={.status.podIP}'));
    expect(sandbox.status).toMatchObject({ state: 'SANDBOX_READY', network: { ip: podIP }, metadata: { name: 'web' } });
    expect(await kubelab('node', 'crictl', 'worker-1', 'inspect', 'ffffffffffff')).toMatchObject({ code: 1, stderr: expect.stringContaining('an error occurred when try to find container "ffffffffffff": not found') });
  });

  it('crictl logs -f follows a container until it exits', async () => {
    ok(await apply('ticker', `apiVersion: v1\nkind: Pod\nmetadata: {name: ticker}\nspec:\n  nodeName: worker-1\n  restartPolicy: Never\n  containers: [{name: ticker, image: busybox, command: [sh, -c, "echo one; sleep 3; echo two"]}]\n`));
    const id = await eventually(async () => {
      const ids = ok(await kubelab('node', 'crictl', 'worker-1', 'ps', '-a', '-q', '--name', '^ticker$')).trim();
      expect(ids).toMatch(/^[0-9a-f]{64}$/);
      return ids;
    });
    expect(await kubelab('node', 'crictl', 'worker-1', 'logs', '-f', id.slice(0, 8))).toEqual({ code: 0, stdout: 'one\ntwo\n', stderr: '' });
  });

  it("node logs prints the kubelet's journal as journalctl does", async () => {
    const journal = ok(await kubelab('node', 'logs', 'worker-1'));
    expect(journal).toMatch(/^[A-Z][a-z]{2} \d\d \d\d:\d\d:\d\d worker-1 systemd\[1\]: Started kubelet\.service - kubelet: The Kubernetes Node Agent\.$/m);
    expect(journal).toMatch(/^[A-Z][a-z]{2} \d\d \d\d:\d\d:\d\d worker-1 kubelet\[\d+\]: I\d{4} [\d:.]+ +\d+ kubelet\.go\] "Successfully registered node" node="worker-1"$/m);
    expect(journal).toContain('"SyncLoop ADD" source="api" pods=["default/web"]');
    expect(ok(await kubelab('node', 'logs', 'worker-1', '-n', '1')).split('\n')).toHaveLength(2);
  });

  it("node iptables shows kube-proxy's chains for the Service", async () => {
    const rules = ok(await kubelab('node', 'iptables', 'worker-1'));
    for (const line of ['*filter', '*nat', ':KUBE-SERVICES - [0:0]', ':KUBE-NODEPORTS - [0:0]', 'COMMIT']) expect(rules.split('\n')).toContain(line);
    expect(rules).toMatch(new RegExp(`^-A KUBE-NODEPORTS .*--dport ${nodePort} -j KUBE-EXT-`, 'm'));
    expect(rules).toMatch(/^-A KUBE-SVC-\w+ .*-j KUBE-SEP-\w+$/m);
    const nat = ok(await kubelab('node', 'iptables', 'worker-1', '-t', 'nat'));
    expect(nat).not.toContain('*filter');
  });

  it("curl reaches nginx through NODE_IP:NODE_PORT from outside, and --trace shows the path", async () => {
    const page = await kubelab('curl', `http://${nodeIP}:${nodePort}/`);
    expect(page).toMatchObject({ code: 0, stderr: '' });
    expect(page.stdout).toContain('<title>Welcome to nginx!</title>');
    // Through the other worker too: kube-proxy on every node forwards a NodePort.
    const other = ok(await kubectl('get', 'node', 'worker-2', '-o', 'jsonpath={.status.addresses[?(@.type=="InternalIP")].address}'));
    expect(ok(await kubelab('curl', '-s', '-o', '/dev/null', '-w', '%{http_code}', `http://${other}:${nodePort}/`))).toBe('200');
    const traced = await kubelab('curl', '--trace', `http://${nodeIP}:${nodePort}/`);
    expect(traced.code).toBe(0);
    expect(traced.stderr).toContain('KUBE-NODEPORTS');
    expect(traced.stderr).toMatch(/^answer\s+HTTP\/1\.1 200 OK/m);
    expect(await kubelab('curl', `http://${nodeIP}:31999/`)).toEqual({ code: 7, stdout: '', stderr: `curl: (7) Failed to connect to ${nodeIP} port 31999 after 0 ms: Couldn't connect to server\n` });
    // A ClusterIP is not routed from outside the cluster: nothing answers.
    const clusterIP = ok(await kubectl('get', 'service', 'web', '-o', 'jsonpath={.spec.clusterIP}'));
    const lost = await kubelab('curl', `http://${clusterIP}/`);
    expect(lost.code).toBe(28);
    expect(lost.stderr).toMatch(new RegExp(`^curl: \\(28\\) Failed to connect to ${clusterIP.replace(/\./g, '\\.')} port 80 after \\d+ ms: Couldn't connect to server\n$`));
  });

  it('exec --trace shows the path of a request from a pod: DNS, the rules, DNAT, the pod that answers', async () => {
    ok(await apply('client', `apiVersion: v1\nkind: Pod\nmetadata: {name: client}\nspec:\n  nodeName: worker-2\n  containers: [{name: app, image: busybox, command: [sleep, "3600"]}]\n`));
    await eventually(async () => expect(ok(await kubectl('get', 'pod', 'client', '-o', 'jsonpath={.status.phase}'))).toBe('Running'));
    // Cluster DNS answers once a CoreDNS pod is Ready (its readiness probe passes).
    ok(await kubectl('wait', '-n', 'kube-system', '--for=condition=Ready', 'pod', '-l', 'k8s-app=kube-dns', '--timeout=90s'));
    const traced = await eventually(async () => {
      const r = await kubelab('exec', '--trace', 'client', '--', 'wget', '-qO-', 'http://web.default.svc.cluster.local');
      expect(r.code, r.stderr).toBe(0);
      return r;
    });
    expect(traced.stdout).toContain('<title>Welcome to nginx!</title>');
    expect(traced.stderr).toMatch(/^dns\s+.*web\.default\.svc\.cluster\.local/m);
    expect(traced.stderr).toMatch(/^dnat\s+\S+:80 → 10\.244\.1\.\d+:80$/m);
    expect(traced.stderr).toMatch(/^answer\s+HTTP\/1\.1 200 OK/m);
    // Without --trace, only what the command prints.
    expect((await kubelab('exec', 'client', '--', 'wget', '-qO-', 'http://web')).stderr).toBe('');
  });

  it('curl reaches a LoadBalancer Service at the IP the simulated cloud gave it', async () => {
    ok(await kubectl('expose', 'pod', 'web', '--name', 'web-lb', '--type', 'LoadBalancer', '--port', '8080', '--target-port', '80'));
    const ip = await eventually(async () => {
      const assigned = ok(await kubectl('get', 'service', 'web-lb', '-o', 'jsonpath={.status.loadBalancer.ingress[0].ip}'));
      expect(assigned).toMatch(/^172\.18\.255\.\d+$/);
      return assigned;
    });
    const page = await eventually(async () => {
      const r = await kubelab('curl', '--trace', `http://${ip}:8080/`);
      expect(r.code, r.stderr).toBe(0);
      return r.stdout;
    });
    expect(page).toContain('<title>Welcome to nginx!</title>');
    expect((await kubelab('curl', '--trace', '-s', '-o', '/dev/null', `http://${ip}:8080/`)).stderr).toMatch(/^lb\s+172\.18\.255\.\d+ is the load balancer of default\/web-lb/m);
  });
});

describe('kubelab node stop, start and remove', () => {
  it('stop: the node goes Unknown after the grace period; start: Ready again', async () => {
    expect(await kubelab('node', 'stop', 'worker-2')).toEqual({ code: 0, stdout: 'node/worker-2 kubelet stopped\n', stderr: '' });
    await eventually(async () => expect(await ready('worker-2')).toBe('Unknown'));
    expect(ok(await kubectl('get', 'node', 'worker-2', '--no-headers'))).toMatch(/^worker-2\s+NotReady\s/);
    expect(ok(await kubectl('get', 'node', 'worker-2', '-o', 'jsonpath={.status.conditions[?(@.type=="Ready")].message}'))).toBe('Kubelet stopped posting node status.');
    expect(ok(await kubelab('node', 'logs', 'worker-2', '-n', '3'))).toMatch(/systemd\[1\]: Stopped kubelet\.service - kubelet: The Kubernetes Node Agent\.\n$/);
    expect(await kubelab('node', 'start', 'worker-2')).toEqual({ code: 0, stdout: 'node/worker-2 kubelet started\n', stderr: '' });
    await eventually(async () => expect(await ready('worker-2')).toBe('True'));
  }, 90_000);

  it("remove: the machine goes, and the cloud node lifecycle controller deletes the Node", async () => {
    expect(await kubelab('node', 'remove', 'worker-3')).toEqual({ code: 0, stdout: 'node/worker-3 removed\n', stderr: '' });
    await eventually(async () => expect(await kubectl('get', 'node', 'worker-3')).toMatchObject({ code: 1, stderr: 'Error from server (NotFound): nodes "worker-3" not found\n' }), 75_000);
    expect(await kubelab('node', 'crictl', 'worker-3', 'ps')).toMatchObject({ code: 1, stderr: 'Error from server (NotFound): nodes "worker-3" not found\n' });
  }, 90_000);
});

describe('kubelab node-agent', () => {
  it('runs a kubelet in its own process: the node registers and runs a pod bound to it', async () => {
    const agent = start(process.execPath, [CLI_BIN, 'node-agent', '--nodes', 'edge-1'], lab.env());
    try {
      await eventually(async () => expect(await ready('edge-1')).toBe('True'));
      const cidr = ok(await kubectl('get', 'node', 'edge-1', '-o', 'jsonpath={.spec.podCIDR}'));
      const taken = ok(await kubectl('get', 'nodes', '-o', 'jsonpath={.items[*].spec.podCIDR}')).split(' ');
      expect(taken.filter((c) => c === cidr)).toHaveLength(1);
      ok(await apply('edge-pod', `apiVersion: v1\nkind: Pod\nmetadata: {name: edge-pod}\nspec:\n  nodeName: edge-1\n  containers: [{name: app, image: busybox, command: [sh, -c, "echo hello from the edge; sleep 3600"]}]\n`));
      await eventually(async () => expect(ok(await kubectl('get', 'pod', 'edge-pod', '-o', 'jsonpath={.status.phase}'))).toBe('Running'));
      const ip = ok(await kubectl('get', 'pod', 'edge-pod', '-o', 'jsonpath={.status.podIP}'));
      expect(ip.split('.').slice(0, 3).join('.')).toBe(cidr.split('.').slice(0, 3).join('.'));
      expect(agent.stdout).toContain('kubelab-node-agent: node "edge-1" registered');
      // The API server reaches the agent's kubelet for pods/log and pods/exec, as it dials a kubelet's port.
      expect(ok(await kubectl('logs', 'edge-pod'))).toBe('hello from the edge\n');
      expect(await kubelab('exec', 'edge-pod', '--', 'hostname')).toEqual({ code: 0, stdout: 'edge-pod\n', stderr: '' });
      // edge-1's kubelet runs in the agent, not the daemon: drilling it from the daemon says so.
      expect((await kubelab('node', 'crictl', 'edge-1', 'ps')).stderr).toContain('is not simulated by this kubelab daemon');
    } finally {
      agent.kill();
    }
    expect(await agent.exited).toEqual({ code: 0, signal: null });
    expect(agent.stdout).toContain('kubelab-node-agent: stopped');
  }, 120_000);
});
