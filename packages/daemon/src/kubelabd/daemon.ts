/**
 * kubelabd, assembled: the store in the data directory, the API server over it on loopback,
 * the credentials and kubeconfig, and the bootstrap objects. `startDaemon` is what the
 * foreground command and the tests run; `stop` undoes it in reverse order.
 */
import { createPrivateKey } from 'node:crypto';
import { join } from 'node:path';
import { type Clock, RealClock } from '@kubelab/core';
import { etcdAdminRoute } from '../apiserver/admin/etcd-admin.js';
import { nodesAdmin } from '../apiserver/admin/nodes-admin.js';
import { ApiServer } from '../apiserver/api-server.js';
import { tokenIssuer } from '../apiserver/auth/service-account-token.js';
import { startHttpServer } from '../apiserver/http-server.js';
import { KUBELAB_VERSION } from '../apiserver/version.js';
import { CloudControllerManager } from '../cloud/cloud-controller-manager.js';
import { SimulatedCloudProvider } from '../cloud/provider.js';
import { ControllerManager, defaultIdentity } from '../controllers/manager.js';
import type { KubeletConfiguration } from '../node/kubelet/config.js';
import { CONTROL_PLANE_NODE, type NodeDefaults, NodeManager } from '../node/node-manager.js';
import { metricsRoute } from '../node/metrics/metrics-api.js';
import { RemoteKubelets } from '../node/admin/remote-kubelet.js';
import { kubeletRoutes } from '../node/routes/index.js';
import type { DataPlane } from '../node/network/data-plane.js';
import { startDataPath } from './data-path.js';
import { SchedulerComponent, loadSchedulerConfig } from '../scheduler/component.js';
import type { MvccBackend } from '../store/mvcc-backend.js';
import { openSqliteBackend } from '../store/sqlite/sqlite-backend.js';
import { writeControlPlaneManifests } from './addons/control-plane.js';
import { installAddons } from './addons/index.js';
import { bootstrap } from './bootstrap.js';
import { loadOrCreateToken, writeKubeconfig } from './credentials.js';
import { type ServingCert, loadOrCreateServingCert } from './pki/serving-cert.js';
import { readState, removeState, writeState } from './state.js';

export interface DaemonOptions {
  dataDir: string;
  /** 0: reuse the last port of this data directory, else 6443 when free, else any free port. */
  port?: number;
  clock?: Clock;
  /** Skip fsync (tests only; see SqliteLogOptions.unsafeNoFsync). */
  unsafeNoFsync?: boolean;
  /** kube-controller-manager's --node-monitor-grace-period, in ms (40 s). */
  nodeMonitorGracePeriodMs?: number;
  /** kube-apiserver's --default-not-ready-toleration-seconds / --default-unreachable-toleration-seconds (300). */
  defaultNotReadyTolerationSeconds?: number;
  defaultUnreachableTolerationSeconds?: number;
  /** kube-scheduler: its KubeSchedulerConfiguration file and tie-breaking seed; false: none. */
  scheduler?: { configFile?: string; seed?: number } | false;
  /** Simulated nodes to run, worker-1 … worker-N (default 0), their size and runtime. */
  nodes?: number;
  /**
   * kubeadm's cluster shape: a control-plane node (tainted NoSchedule) running the static pods
   * of kube-apiserver, etcd, kube-scheduler and kube-controller-manager, before the workers;
   * the kube-proxy DaemonSet and CoreDNS (the kube-dns Service) as addons. Default false: a
   * bare API server (kubelabd turns it on with --nodes N ≥ 1).
   */
  kubeadm?: boolean;
  nodeDefaults?: Partial<NodeDefaults>;
  /** Kubelet settings of every node (heartbeat and status periods, back-offs). */
  kubelet?: Partial<KubeletConfiguration>;
}

export interface Daemon {
  api: ApiServer;
  store: MvccBackend;
  port: number;
  server: string;
  token: string;
  /** PEM of the serving certificate (the kubeconfig's certificate authority). */
  caPem: string;
  kubeconfigPath: string;
  dataDir: string;
  /** The simulated cloud: node drills add and remove instances through it. */
  cloud: SimulatedCloudProvider;
  /** kube-scheduler (absent with scheduler: false). */
  scheduler?: SchedulerComponent;
  /** The simulated nodes: kubelets and container runtimes (node drills use its add/stop/start/remove). */
  nodes: NodeManager;
  /** The cluster's data path from the host: `kubelab curl URL` and `kubelab node iptables NODE`. */
  dataPath: DataPlane;
  stop(): Promise<void>;
}

export async function startDaemon(options: DaemonOptions): Promise<Daemon> {
  const clock = options.clock ?? new RealClock();
  const dataDir = options.dataDir;
  const previous = readState(dataDir);
  // A bad --scheduler-config fails the start before anything is opened.
  const schedulerConfig = options.scheduler === false ? undefined : loadSchedulerConfig(options.scheduler?.configFile);
  const store = openSqliteBackend(dataDir, {
    clock,
    unsafeNoFsync: options.unsafeNoFsync,
    // kube-apiserver compacts its etcd every 5 minutes (--etcd-compaction-interval), keeping
    // that much history for watchers to resume from; the daemon does the same.
    autoCompaction: { mode: 'periodic', retention: 5 * 60 * 1000 },
  });
  let bootstrapped = false;
  try {
    const token = loadOrCreateToken(dataDir);
    const tls = loadOrCreateServingCert(dataDir, clock.now());
    const api = new ApiServer({
      backend: store,
      clock,
      ready: () => bootstrapped,
      tokenIssuer: tokenIssuer(createPrivateKey(tls.keyPem)),
      defaultNotReadyTolerationSeconds: options.defaultNotReadyTolerationSeconds,
      defaultUnreachableTolerationSeconds: options.defaultUnreachableTolerationSeconds,
    });
    const http = await listen(api, token, tls, options.port ?? 0, previous?.port);
    const server = `https://127.0.0.1:${http.port}`;
    api.serverAddress = `127.0.0.1:${http.port}`;
    // etcdctl's operations on the store for `kubelab etcd …`, for the daemon's own token only.
    api.addRoute(etcdAdminRoute({ backend: store, token, clientUrl: server }));
    await bootstrap(api);
    if (options.kubeadm) await installAddons(api, { apiServer: `https://${CONTROL_PLANE_NODE}:6443` });
    bootstrapped = true;
    const kubeconfigPath = writeKubeconfig(dataDir, server, token, tls.certPem);
    writeState(dataDir, {
      pid: process.pid,
      port: http.port,
      server,
      dataDir,
      startedAt: new Date(clock.now()).toISOString(),
      version: KUBELAB_VERSION,
    });
    // kube-controller-manager: namespace lifecycle, service accounts, root CA, garbage collector.
    const controllers = new ControllerManager({
      handler: (req) => api.handle(req),
      clock,
      rootCaPem: tls.certPem,
      leaderElection: { identity: defaultIdentity() },
      flags: { nodeMonitorGracePeriodMs: options.nodeMonitorGracePeriodMs },
    });
    controllers.start();
    // cloud-controller-manager over the simulated cloud: load balancers, node addresses, node removal.
    const cloud = new SimulatedCloudProvider();
    const cloudControllers = new CloudControllerManager({ handler: (req) => api.handle(req), clock, cloud, leaderElection: { identity: defaultIdentity() } });
    cloudControllers.start();
    // kube-scheduler, with its decision records served under /kubelab/scheduler/.
    const scheduler = schedulerConfig && new SchedulerComponent({ handler: (req) => api.handle(req), clock, config: schedulerConfig, seed: options.scheduler ? options.scheduler.seed : undefined, identity: defaultIdentity() });
    if (scheduler) {
      api.addRoute(scheduler.decisions.route());
      scheduler.start();
    }
    // kube-proxy (one Service map, rules per node) and cluster DNS in front of the pod network.
    const network = await startDataPath({ handler: (req) => api.handle(req), clock, seed: options.scheduler ? options.scheduler.seed : undefined });
    // Simulated nodes: a kubelet and a container runtime each; pods/log and pods/exec reach them.
    const nodes = new NodeManager({ handler: (req) => api.handle(req), clock, defaults: options.nodeDefaults, kubelet: options.kubelet, network: network.wrap, lifecycle: [network.lifecycle], dataDir });
    // pods/log and pods/exec: the daemon's own kubelets in-process, a node agent's over its kubelet endpoint.
    for (const route of kubeletRoutes(new RemoteKubelets({ local: nodes, client: nodes.client, token }))) api.addRoute(route);
    // metrics-server's Metrics API (kubectl top), from the nodes' container runtimes.
    api.addRoute(
      metricsRoute({
        clock,
        nodes: () => nodes.list().map((n) => ({ name: n.spec.name, scrapeable: !!n.kubelet?.isRunning, stats: () => n.runtime.listContainerStats() })),
        nodeObject: (name) => api.resource('', 'nodes').cache.get(name),
        podObject: (namespace, name) => api.resource('', 'pods').cache.get(`${namespace}/${name}`),
      }),
    );
    // `kubelab node …` and `kubelab curl` (the node drills' admin API, daemon token only).
    const nodeDrills = nodesAdmin({ token, nodes, cloud, dataPath: network.dataPlane(), clock, dataDir });
    for (const route of nodeDrills.routes) api.addRoute(route);
    if (options.kubeadm) writeControlPlaneManifests(nodes.staticPodPath(CONTROL_PLANE_NODE)!, { nodeName: CONTROL_PLANE_NODE, nodeIP: CONTROL_PLANE_IP });
    await nodes.start(options.nodes ?? 0, { controlPlane: options.kubeadm });
    // The machines `kubelab node add/stop/remove` changed before this start stay as they were left.
    await nodeDrills.restore();
    let stopped = false;
    return {
      api,
      store,
      port: http.port,
      server,
      token,
      caPem: tls.certPem,
      kubeconfigPath,
      dataDir,
      cloud,
      scheduler,
      nodes,
      dataPath: network.dataPlane(),
      async stop() {
        if (stopped) return;
        stopped = true;
        await nodes.stop();
        await network.stop();
        await scheduler?.stop();
        await cloudControllers.stop();
        await controllers.stop();
        await http.close();
        api.stop();
        await store.close();
        removeState(dataDir);
      },
    };
  } catch (err) {
    await store.close();
    throw err;
  }
}

/** The control-plane node's InternalIP: node index 0 on the nodes' network, as kind's first node. */
const CONTROL_PLANE_IP = '172.18.0.2';

async function listen(api: ApiServer, token: string, tls: ServingCert, port: number, previousPort: number | undefined) {
  const candidates = port ? [port] : [...(previousPort ? [previousPort] : []), 6443, 0];
  let lastError: unknown;
  for (const p of candidates) {
    try {
      return await startHttpServer({ api, token, port: p, cert: tls.certPem, key: tls.keyPem });
    } catch (err) {
      lastError = err;
      if (port || (err as NodeJS.ErrnoException).code !== 'EADDRINUSE') break;
    }
  }
  if ((lastError as NodeJS.ErrnoException).code === 'EADDRINUSE') {
    throw new Error(`port ${port} on 127.0.0.1 is already in use; choose another with --port`);
  }
  throw lastError;
}

export function kubeconfigPathOf(dataDir: string): string {
  return join(dataDir, 'kubeconfig');
}
