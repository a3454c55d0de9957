import { resolve } from 'node:path';
import { Command } from '../lib/cli/command.js';
import { Flags } from '../lib/cli/flag.js';
import { dataDirFlags, durationFlag } from '../flags.js';
import { daemonFlags } from '../lib/daemon-flags.js';
import { resolveDataDir } from '../lib/data-dir.js';
import { startDaemon } from '../lib/start.js';
import { waitClusterReady } from '../lib/wait-cluster-ready.js';
import { kubectlHint } from '../print/kubectl-hint.js';

export default class Up extends Command {
  static override summary = 'Start kubelab in the background and wait until its API is ready.';
  static override description = `Starts kubelabd (the API server and store) detached from the terminal, with its output in <data-dir>/kubelabd.log, and returns once it answers. Prints where the kubeconfig is and how to use it with kubectl.

With --wait, also waits until every node and every kube-system pod (CoreDNS included) is Ready, as kind's and minikube's --wait do; on timeout kubelab keeps running and the error names what is not Ready.

If kubelab already runs for the data directory, says so and exits 0. State persists in the data directory across kubelab down / kubelab up.`;

  static override examples = [
    { description: 'Start kubelab (data in ~/.kubelab).', command: '<%= config.bin %> up' },
    { description: 'Start a second, separate kubelab on a chosen port.', command: '<%= config.bin %> up --data-dir /tmp/lab2 --port 7443' },
    { description: 'Start kubelab and return once its nodes and DNS are Ready (for lab scripts).', command: '<%= config.bin %> up --wait 2m' },
    { description: 'Then use it with kubectl.', command: 'export KUBECONFIG=~/.kubelab/kubeconfig && kubectl get ns' },
    { description: 'Three nodes, a scheduler configuration, and reproducible tie-breaks for a graded lab.', command: '<%= config.bin %> up --nodes 3 --scheduler-config sched.yaml --seed 42' },
    { description: 'Nodes that go Unknown after 10s and pods evicted 30s later.', command: '<%= config.bin %> up --nodes 3 --node-monitor-grace-period 10s --default-unreachable-toleration-seconds 30' },
  ];

  static override flags = {
    ...dataDirFlags,
    port: Flags.integer({
      description: 'API server port on 127.0.0.1 (default: the last one used, else 6443, else any free one).',
      env: 'KUBELAB_PORT',
      min: 1,
      max: 65535,
      helpValue: 'PORT',
    }),
    nodes: Flags.integer({
      description: 'Number of simulated worker nodes, besides the control-plane node (0: the API server alone, no nodes).',
      env: 'KUBELAB_NODES',
      min: 0,
      default: 2,
      helpValue: 'N',
    }),
    timeout: durationFlag({ description: 'How long to wait for the API to be ready.', env: 'KUBELAB_UP_TIMEOUT', default: 60_000, defaultHelp: async () => '60s' }),
    wait: durationFlag({ description: 'Then wait up to this long for every node and kube-system pod to be Ready (0s: do not wait).', env: 'KUBELAB_UP_WAIT', default: 0, defaultHelp: async () => '0s' }),
    ...daemonFlags,
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Up);
    const dataDir = resolveDataDir(flags['data-dir']);
    const daemon: Record<string, string | number | undefined> = Object.fromEntries(Object.keys(daemonFlags).map((k) => [k, flags[k as keyof typeof daemonFlags]]));
    // kubelabd runs in the data directory: a relative path means the user's working directory.
    if (daemon['scheduler-config'] !== undefined) daemon['scheduler-config'] = resolve(String(daemon['scheduler-config']));
    const result = await startDaemon({ dataDir, port: flags.port, nodes: flags.nodes, timeoutMs: flags.timeout, daemonFlags: daemon });
    for (const notice of result.notices) this.logToStderr(`note: ${notice}`);
    const { server, pid } = result.state;
    const what = result.outcome === 'started' ? 'kubelab is running' : 'kubelab is already running';
    this.log(`${what} at ${server} (pid ${pid}, data in ${dataDir}).`);
    this.log(`Kubeconfig: ${result.kubeconfig}\n`);
    if (flags.wait > 0) {
      // A daemon we just started registers its nodes a moment after its API serves: the
      // control-plane node and the workers (none of either with --nodes 0).
      const started = result.outcome === 'started';
      const expectNodes = started && flags.nodes > 0 ? flags.nodes + 1 : 0;
      const ready = await waitClusterReady(dataDir, flags.wait, { expectNodes, ...(started ? { startedAt: Date.parse(result.state.startedAt) } : {}) });
      this.log(`Cluster Ready after ${(ready.elapsedMs / 1000).toFixed(1)}s: ${ready.nodes} node(s), ${ready.systemPods} kube-system pod(s).\n`);
    }
    this.log(kubectlHint(result.kubeconfig, dataDir));
  }
}
