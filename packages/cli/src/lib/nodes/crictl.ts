/**
 * `kubelab node crictl NODE ps|pods|images|logs|inspect|inspectp`: crictl run on a node, reading its
 * container runtime through the CRI (the daemon's node admin API), printed as crictl prints.
 */
import { KubelabError } from '../errors.js';
import { type NodesAdminClient, nodePath } from './admin-client.js';
import { type CrictlContainer, type CrictlImage, type CrictlLogEntry, type CrictlSandbox, formatContainers, formatImages, formatInspect, formatLogs, formatSandboxes } from './crictl-print.js';

export const CRICTL_COMMANDS = ['ps', 'pods', 'images', 'logs', 'inspect', 'inspectp'] as const;
export type CrictlCommand = (typeof CRICTL_COMMANDS)[number];

export interface CrictlOptions {
  all?: boolean;
  quiet?: boolean;
  tail?: number;
  timestamps?: boolean;
  /** logs: keep printing new lines until the container exits. */
  follow?: boolean;
  /** ps, pods: regular expressions on the container's (pods: the pod's) name and the pod's namespace, as crictl matches them. */
  name?: string;
  namespace?: string;
  /** ps: created|running|exited|unknown (any state, unlike ps alone); pods: ready|notready. */
  state?: string;
  /** ps: containers of the pod sandbox with this ID (or ID prefix). */
  pod?: string;
  noTrunc?: boolean;
}

const CONTAINER_STATES = ['created', 'running', 'exited', 'unknown'];
const SANDBOX_STATES = ['ready', 'notready'];

export interface CrictlOutput {
  stdout: string;
  stderr: string;
}

export async function crictl(client: NodesAdminClient, node: string, command: string, args: readonly string[], options: CrictlOptions = {}): Promise<CrictlOutput> {
  const ok = (stdout: string): CrictlOutput => ({ stdout, stderr: '' });
  switch (command) {
    case 'ps': {
      const state = stateFilter(options.state, CONTAINER_STATES, 'container');
      const r = await client.json<{ containers: CrictlContainer[] }>('GET', nodePath(node, 'crictl/ps', { all: options.all || state !== undefined }));
      const containers = r.containers.filter(
        (c) => matches(options.name, c.name) && matches(options.namespace, c.podNamespace) && (!state || c.state === `CONTAINER_${state.toUpperCase()}`) && (!options.pod || c.podSandboxId.startsWith(options.pod)),
      );
      return ok(formatContainers(containers, r.now, options));
    }
    case 'pods': {
      const state = stateFilter(options.state, SANDBOX_STATES, 'pod');
      const r = await client.json<{ sandboxes: CrictlSandbox[] }>('GET', nodePath(node, 'crictl/pods'));
      const sandboxes = r.sandboxes.filter((p) => matches(options.name, p.name) && matches(options.namespace, p.namespace) && (!state || p.state === `SANDBOX_${state.toUpperCase()}`));
      return ok(formatSandboxes(sandboxes, r.now, options));
    }
    case 'images': {
      const r = await client.json<{ images: CrictlImage[] }>('GET', nodePath(node, 'crictl/images'));
      return ok(formatImages(r.images, options));
    }
    case 'logs': {
      const id = oneId(command, args);
      if (options.follow) {
        // Written as they come: the caller's output is the terminal's.
        await client.lines(nodePath(node, 'crictl/logs', { id, tail: options.tail, follow: true }), (e) => {
          const out = formatLogs([e as CrictlLogEntry], options);
          process.stdout.write(out.stdout);
          process.stderr.write(out.stderr);
        });
        return ok('');
      }
      const r = await client.json<{ entries: CrictlLogEntry[] }>('GET', nodePath(node, 'crictl/logs', { id, tail: options.tail }));
      return formatLogs(r.entries, options);
    }
    case 'inspect':
    case 'inspectp': {
      const id = oneId(command, args);
      const r = await client.json<{ inspect: unknown }>('GET', nodePath(node, `crictl/${command}`, { id }));
      return ok(formatInspect(r.inspect));
    }
    default:
      throw new KubelabError(`unknown crictl command "${command}" (kubelab runs: ${CRICTL_COMMANDS.join(', ')})`);
  }
}

/** crictl's filters by regular expression (matchesRegex: an empty pattern matches everything). */
function matches(pattern: string | undefined, value: string): boolean {
  if (!pattern) return true;
  try {
    return new RegExp(pattern).test(value);
  } catch (err) {
    throw new KubelabError(`invalid regular expression "${pattern}": ${(err as Error).message}`);
  }
}

function stateFilter(state: string | undefined, known: readonly string[], what: string): string | undefined {
  if (state === undefined) return undefined;
  const s = state.toLowerCase();
  if (!known.includes(s)) throw new KubelabError(`unsupported ${what} state ${JSON.stringify(state)} (one of: ${known.join(', ')})`);
  return s;
}

/** crictl's own words when the container ID is missing. */
function oneId(command: string, args: readonly string[]): string {
  if (args.length !== 1 || !args[0]) throw new KubelabError('ID cannot be empty');
  return args[0];
}
