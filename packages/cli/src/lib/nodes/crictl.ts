/**
 * `kubelab node crictl NODE ps|pods|images|logs|inspect`: crictl run on a node, reading its
 * container runtime through the CRI (the daemon's node admin API), printed as crictl prints.
 */
import { KubelabError } from '../errors.js';
import { type NodesAdminClient, nodePath } from './admin-client.js';
import { type CrictlContainer, type CrictlImage, type CrictlLogEntry, type CrictlSandbox, formatContainers, formatImages, formatInspect, formatLogs, formatSandboxes } from './crictl-print.js';

export const CRICTL_COMMANDS = ['ps', 'pods', 'images', 'logs', 'inspect'] as const;
export type CrictlCommand = (typeof CRICTL_COMMANDS)[number];

export interface CrictlOptions {
  all?: boolean;
  quiet?: boolean;
  tail?: number;
  timestamps?: boolean;
}

export interface CrictlOutput {
  stdout: string;
  stderr: string;
}

export async function crictl(client: NodesAdminClient, node: string, command: string, args: readonly string[], options: CrictlOptions = {}): Promise<CrictlOutput> {
  const ok = (stdout: string): CrictlOutput => ({ stdout, stderr: '' });
  switch (command) {
    case 'ps': {
      const r = await client.json<{ containers: CrictlContainer[] }>('GET', nodePath(node, 'crictl/ps', { all: options.all }));
      return ok(formatContainers(r.containers, r.now, options));
    }
    case 'pods': {
      const r = await client.json<{ sandboxes: CrictlSandbox[] }>('GET', nodePath(node, 'crictl/pods'));
      return ok(formatSandboxes(r.sandboxes, r.now, options));
    }
    case 'images': {
      const r = await client.json<{ images: CrictlImage[] }>('GET', nodePath(node, 'crictl/images'));
      return ok(formatImages(r.images, options));
    }
    case 'logs': {
      const id = oneId(command, args);
      const r = await client.json<{ entries: CrictlLogEntry[] }>('GET', nodePath(node, 'crictl/logs', { id, tail: options.tail }));
      return formatLogs(r.entries, options);
    }
    case 'inspect': {
      const id = oneId(command, args);
      const r = await client.json<{ inspect: unknown }>('GET', nodePath(node, 'crictl/inspect', { id }));
      return ok(formatInspect(r.inspect));
    }
    default:
      throw new KubelabError(`unknown crictl command "${command}" (kubelab runs: ${CRICTL_COMMANDS.join(', ')})`);
  }
}

/** crictl's own words when the container ID is missing. */
function oneId(command: string, args: readonly string[]): string {
  if (args.length !== 1 || !args[0]) throw new KubelabError('ID cannot be empty');
  return args[0];
}
