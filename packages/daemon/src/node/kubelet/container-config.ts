/**
 * What the kubelet hands the runtime to create a container (kuberuntime_container.go
 * generateContainerConfig): the command and arguments with $(VAR) references expanded, the
 * environment resolved from env and envFrom (values, ConfigMap and Secret keys, pod fields,
 * resource limits), the mounts (volumes, plus the kubelet-managed /etc/hosts), resource
 * limits, and the labels by which the kubelet finds its containers again. A reference that
 * cannot be resolved is a CreateContainerConfigError with upstream's message.
 */
import { milliValue, parseQuantity } from '@kubelab/core';
import { LABEL_CONTAINER_NAME, LABEL_POD_NAME, LABEL_POD_NAMESPACE, LABEL_POD_UID, type ContainerConfig, type Mount } from '../runtime/cri.js';
import type { ObjectSource } from './object-source.js';
import type { ContainerSpec, EnvVar, Pod } from './pod-types.js';
import { fieldValue, podDir, volumeHostPath } from './volume-manager.js';

export class CreateContainerConfigError extends Error {}

export interface ConfigContext {
  attempt: number;
  podIP: string | undefined;
  hostIP: string;
  objects: ObjectSource;
  /** The node's allocatable cpu (cores) and memory (bytes): what limits.* report when unset. */
  allocatable: { cpu: number; memory: number };
}

export async function generateContainerConfig(pod: Pod, c: ContainerSpec, ctx: ConfigContext): Promise<ContainerConfig> {
  const m = pod.metadata!;
  const env = await containerEnv(pod, c, ctx);
  const lookup = new Map(env.map((e) => [e.key, e.value]));
  const mounts: Mount[] = [];
  for (const vm of c.volumeMounts ?? []) {
    const volume = (pod.spec.volumes ?? []).find((v) => v.name === vm.name);
    if (!volume) throw new CreateContainerConfigError(`cannot find volume "${vm.name}" to mount into container "${c.name}"`);
    mounts.push({ containerPath: vm.mountPath, hostPath: volumeHostPath(m.uid!, volume), readonly: !!vm.readOnly, ...(vm.subPath ? { subPath: vm.subPath } : {}) });
  }
  if (!pod.spec.hostNetwork && !mounts.some((x) => x.containerPath === '/etc/hosts')) {
    mounts.push({ containerPath: '/etc/hosts', hostPath: `${podDir(m.uid!)}/etc`, readonly: false, subPath: 'hosts' });
  }
  const limits = c.resources?.limits ?? {};
  const resources: NonNullable<NonNullable<ContainerConfig['linux']>['resources']> = {};
  if (limits['memory'] !== undefined) resources.memoryLimitInBytes = Math.round(parseQuantity(limits['memory']));
  if (limits['cpu'] !== undefined) {
    resources.cpuPeriod = 100_000;
    resources.cpuQuota = milliValue(limits['cpu']) * 100;
  }
  return {
    metadata: { name: c.name, attempt: ctx.attempt },
    image: { image: c.image },
    command: (c.command ?? []).map((s) => expandVars(s, lookup)),
    args: (c.args ?? []).map((s) => expandVars(s, lookup)),
    workingDir: c.workingDir,
    envs: env,
    mounts,
    labels: { [LABEL_POD_NAME]: m.name!, [LABEL_POD_NAMESPACE]: m.namespace!, [LABEL_POD_UID]: m.uid!, [LABEL_CONTAINER_NAME]: c.name },
    annotations: {
      'io.kubernetes.container.restartCount': String(ctx.attempt),
      'io.kubernetes.container.terminationMessagePath': c.terminationMessagePath ?? '/dev/termination-log',
      'io.kubernetes.pod.terminationGracePeriod': String(pod.spec.terminationGracePeriodSeconds ?? 30),
    },
    logPath: `/var/log/pods/${m.namespace}_${m.name}_${m.uid}/${c.name}/${ctx.attempt}.log`,
    linux: { resources },
    ...(c.stdin ? { stdin: true, stdinOnce: !!c.stdinOnce } : {}),
    ...(c.tty ? { tty: true } : {}),
  };
}

/** env and envFrom, in the kubelet's order: envFrom first, then env (later wins). */
async function containerEnv(pod: Pod, c: ContainerSpec, ctx: ConfigContext): Promise<Array<{ key: string; value: string }>> {
  const ns = pod.metadata!.namespace!;
  const out = new Map<string, string>();
  for (const from of c.envFrom ?? []) {
    const prefix = from.prefix ?? '';
    if (from.configMapRef) {
      const cm = await ctx.objects.configMap(ns, from.configMapRef.name);
      if (!cm) {
        if (from.configMapRef.optional) continue;
        throw new CreateContainerConfigError(`configmap "${from.configMapRef.name}" not found`);
      }
      for (const [k, v] of Object.entries((cm['data'] as Record<string, string> | undefined) ?? {})) out.set(prefix + k, v);
    }
    if (from.secretRef) {
      const s = await ctx.objects.secret(ns, from.secretRef.name);
      if (!s) {
        if (from.secretRef.optional) continue;
        throw new CreateContainerConfigError(`secret "${from.secretRef.name}" not found`);
      }
      for (const [k, v] of Object.entries((s['data'] as Record<string, string> | undefined) ?? {})) out.set(prefix + k, Buffer.from(v, 'base64').toString('utf8'));
    }
  }
  for (const e of c.env ?? []) {
    const v = await envValue(pod, c, e, out, ctx);
    if (v !== undefined) out.set(e.name, v);
  }
  return [...out].map(([key, value]) => ({ key, value }));
}

async function envValue(pod: Pod, c: ContainerSpec, e: EnvVar, sofar: Map<string, string>, ctx: ConfigContext): Promise<string | undefined> {
  const ns = pod.metadata!.namespace!;
  if (!e.valueFrom) return expandVars(e.value ?? '', sofar);
  const f = e.valueFrom;
  if (f.fieldRef) {
    if (f.fieldRef.fieldPath === 'status.podIP') return ctx.podIP ?? '';
    if (f.fieldRef.fieldPath === 'status.podIPs') return ctx.podIP ?? '';
    if (f.fieldRef.fieldPath === 'status.hostIP' || f.fieldRef.fieldPath === 'status.hostIPs') return ctx.hostIP;
    return fieldValue(pod, f.fieldRef.fieldPath, 'env');
  }
  if (f.resourceFieldRef) return resourceValue(pod, f.resourceFieldRef.containerName ?? c.name, f.resourceFieldRef.resource, f.resourceFieldRef.divisor, ctx);
  if (f.configMapKeyRef) {
    const r = f.configMapKeyRef;
    const cm = await ctx.objects.configMap(ns, r.name);
    if (!cm) {
      if (r.optional) return undefined;
      throw new CreateContainerConfigError(`configmap "${r.name}" not found`);
    }
    const v = (cm['data'] as Record<string, string> | undefined)?.[r.key];
    if (v === undefined) {
      if (r.optional) return undefined;
      throw new CreateContainerConfigError(`couldn't find key ${r.key} in ConfigMap ${ns}/${r.name}`);
    }
    return v;
  }
  if (f.secretKeyRef) {
    const r = f.secretKeyRef;
    const s = await ctx.objects.secret(ns, r.name);
    if (!s) {
      if (r.optional) return undefined;
      throw new CreateContainerConfigError(`secret "${r.name}" not found`);
    }
    const v = (s['data'] as Record<string, string> | undefined)?.[r.key];
    if (v === undefined) {
      if (r.optional) return undefined;
      throw new CreateContainerConfigError(`couldn't find key ${r.key} in Secret ${ns}/${r.name}`);
    }
    return Buffer.from(v, 'base64').toString('utf8');
  }
  return '';
}

/** limits.cpu, limits.memory, requests.* — a limit left unset reports the node's allocatable. */
function resourceValue(pod: Pod, container: string, resource: string, divisor: string | undefined, ctx: ConfigContext): string {
  const c = [...pod.spec.containers, ...(pod.spec.initContainers ?? [])].find((x) => x.name === container);
  const [kind, name] = resource.split('.') as ['limits' | 'requests', string];
  const set = c?.resources?.[kind]?.[name];
  const value = set !== undefined ? parseQuantity(set) : name === 'cpu' ? (kind === 'limits' ? ctx.allocatable.cpu : 0) : kind === 'limits' ? ctx.allocatable.memory : 0;
  const d = divisor ? parseQuantity(divisor) : 1;
  // Rounded up, as the downward API does (a 250m cpu limit with divisor 1 reports 1).
  return name === 'cpu' && !divisor ? String(Math.ceil(value)) : String(Math.ceil(value / d));
}

/**
 * $(VAR) expansion of command, args and env values (third_party/forked/golang/expansion):
 * a defined variable is replaced, an undefined one is left as written, $$ is a literal $.
 */
export function expandVars(s: string, vars: ReadonlyMap<string, string>): string {
  return s.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g, (m, name: string | undefined) => {
    if (m === '$$') return '$';
    return vars.get(name!) ?? m;
  });
}

