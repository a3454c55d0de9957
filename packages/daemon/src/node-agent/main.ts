/**
 * kubelab-node-agent: the kubelets of `kubelab node-agent` in their own process (agent.ts).
 *
 *   kubelab-node-agent --server URL --nodes a,b [--certificate-authority FILE | --insecure-skip-tls-verify]
 *                      [--cpu Q --memory Q --pods N --runtime R --labels k=v,… --taints k=v:Effect,…]
 *
 * The bearer token comes from --token or, so that it stays out of the process list, from
 * $KUBELAB_NODE_AGENT_TOKEN (the CLI passes it that way); the CA likewise from
 * $KUBELAB_NODE_AGENT_CA_DATA (PEM). Runs until SIGINT or SIGTERM, then stops its kubelets.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { isQuantity } from '@kubelab/core';
import { shimFor } from '../node/runtime/shims.js';
import type { NodeDefaults } from '../node/node-manager.js';
import { startNodeAgent } from './agent.js';

const USAGE = `Usage: kubelab-node-agent --server URL --nodes NAME[,NAME…] [flags]

Runs simulated nodes (a kubelet and a container runtime each) against a kubelab API server.

  --server URL                     the API server
  --token TOKEN                    bearer token (default: $KUBELAB_NODE_AGENT_TOKEN)
  --certificate-authority FILE     CA of the server's certificate (default: $KUBELAB_NODE_AGENT_CA_DATA)
  --insecure-skip-tls-verify       do not verify the server's certificate
  --nodes NAMES                    the nodes to run, comma-separated
  --cpu Q --memory Q --pods N      each node's capacity (default 4, 8Gi, 110)
  --runtime containerd|cri-o|cri-dockerd
  --labels k=v,…  --taints k=v:Effect,…
`;

export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      server: { type: 'string' },
      token: { type: 'string' },
      'certificate-authority': { type: 'string' },
      'insecure-skip-tls-verify': { type: 'boolean' },
      nodes: { type: 'string' },
      cpu: { type: 'string' },
      memory: { type: 'string' },
      pods: { type: 'string' },
      runtime: { type: 'string' },
      labels: { type: 'string' },
      taints: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (!values.server) throw new Error('--server is required');
  const nodes = (values.nodes ?? '').split(',').filter(Boolean);
  if (nodes.length === 0) throw new Error('--nodes is required: the names of the nodes to run');
  const defaults: Partial<NodeDefaults> = {};
  for (const k of ['cpu', 'memory'] as const) {
    const v = values[k];
    if (v === undefined) continue;
    if (!isQuantity(v)) throw new Error(`--${k}: invalid quantity "${v}"`);
    defaults[k] = v;
  }
  if (values.pods !== undefined) {
    const pods = Number(values.pods);
    if (!Number.isInteger(pods) || pods <= 0) throw new Error(`--pods: invalid count "${values.pods}"`);
    defaults.pods = pods;
  }
  if (values.runtime !== undefined) defaults.runtime = shimFor(values.runtime).name;
  const caFile = values['certificate-authority'];
  const agent = await startNodeAgent({
    server: values.server,
    token: values.token ?? env['KUBELAB_NODE_AGENT_TOKEN'],
    caPem: caFile ? readFileSync(caFile, 'utf8') : env['KUBELAB_NODE_AGENT_CA_DATA'] || undefined,
    insecureSkipTlsVerify: values['insecure-skip-tls-verify'],
    nodes,
    defaults,
    labels: values.labels ? parsePairs(values.labels) : undefined,
    taints: values.taints ? parseTaints(values.taints) : undefined,
    log: (line) => console.log(`kubelab-node-agent: ${line}`),
  });
  console.log(`kubelab-node-agent: running ${nodes.join(', ')} against ${values.server}`);
  await new Promise<void>((done) => {
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
  await agent.stop();
  console.log('kubelab-node-agent: stopped');
  return 0;
}

function parsePairs(spec: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of spec.split(',').filter(Boolean)) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new Error(`--labels: invalid label spec "${pair}"`);
    out[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return out;
}

function parseTaints(spec: string): Array<{ key: string; value?: string; effect: string }> {
  return spec
    .split(',')
    .filter(Boolean)
    .map((t) => {
      const m = /^([^=:]+)(?:=([^:]*))?:(NoSchedule|PreferNoSchedule|NoExecute)$/.exec(t);
      if (!m) throw new Error(`--taints: invalid taint spec "${t}"`);
      return { key: m[1]!, ...(m[2] ? { value: m[2] } : {}), effect: m[3]! };
    });
}
