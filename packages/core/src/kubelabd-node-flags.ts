/**
 * The Node.js flags kubelabd runs with, wherever it is started (`kubelab up`, the benchmarks).
 *
 * --max-semi-space-size: V8's young generation. kubelabd allocates short-lived objects per
 * request and per watch event (decoded bodies, encoded responses, events fanned out) at a
 * rate that keeps Node 20's default 16 MiB semi-spaces scavenging constantly, and every
 * scavenge copies the survivors. Larger semi-spaces let more of that garbage die before it
 * is looked at; the cost is at most a few tens of MiB of RSS, taken only under load.
 * (The flag cannot be set from inside the process: V8 sizes the heap at start.)
 */
export const KUBELABD_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=64'];
