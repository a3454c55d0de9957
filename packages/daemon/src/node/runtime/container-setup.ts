/**
 * What a container is made of, from its CRI config and its image: the command line PID 1
 * runs (Docker's ENTRYPOINT/CMD rule), the CPUs it sees, and the resolv.conf the runtime
 * writes from the sandbox's DNS config.
 */
import type { ContainerConfig, PodSandboxConfig } from './cri.js';
import type { CatalogueImage } from './image-catalogue.js';

/** Docker's rule: a command replaces ENTRYPOINT and drops CMD; args replace CMD. */
export function effectiveArgv(config: ContainerConfig, image: CatalogueImage): string[] {
  const entrypoint = config.command.length > 0 ? config.command : (image.spec.entrypoint ?? []);
  const cmd = config.args.length > 0 ? config.args : config.command.length > 0 ? [] : (image.spec.cmd ?? []);
  return [...entrypoint, ...cmd];
}

export function cpusOf(config: ContainerConfig, nodeCpus: number): number {
  const r = config.linux?.resources;
  if (r?.cpuQuota && r.cpuPeriod) return Math.max(1, Math.ceil(r.cpuQuota / r.cpuPeriod));
  return nodeCpus;
}

function resolvConf(config: PodSandboxConfig): string {
  const dns = config.dnsConfig;
  if (!dns) return 'nameserver 10.96.0.10\n';
  let text = '';
  if (dns.searches.length) text += `search ${dns.searches.join(' ')}\n`;
  for (const s of dns.servers) text += `nameserver ${s}\n`;
  if (dns.options.length) text += `options ${dns.options.join(' ')}\n`;
  return text;
}


/** The image's environment, HOSTNAME, then the container's own (which wins); HOME if unset. */
export function containerEnv(image: CatalogueImage, sandbox: PodSandboxConfig, config: ContainerConfig): Map<string, string> {
  const env = new Map<string, string>(Object.entries(image.env));
  env.set('HOSTNAME', sandbox.hostname);
  for (const e of config.envs) env.set(e.key, e.value);
  if (!env.has('HOME')) env.set('HOME', '/root');
  return env;
}

/** The image's files, plus the /etc/hostname and /etc/resolv.conf the runtime writes. */
export function imageFiles(image: CatalogueImage, sandbox: PodSandboxConfig): Record<string, string> {
  return { ...(image.spec.files ?? {}), '/etc/hostname': `${sandbox.hostname}\n`, '/etc/resolv.conf': resolvConf(sandbox) };
}
