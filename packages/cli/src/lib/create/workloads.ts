/**
 * The objects `kubectl create deployment|job|cronjob` and `kubectl run` generate, field for
 * field (k8s.io/kubectl/pkg/cmd/create, pkg/cmd/run), so `--dry-run=client -o yaml` prints
 * what kubectl prints: `creationTimestamp: null`, `resources: {}`, `status: {}` included.
 */
import type { KubeObject } from '@kubelab/core/api/meta';

type Container = Record<string, unknown>;

/** A container named after its image ("nginx:1.25" → "nginx", "registry/x/redis" → "redis"). */
export function containerName(image: string): string {
  const base = image.split('/').at(-1) ?? image;
  return base.split(/[:@]/)[0]!.replace(/[^a-z0-9-]/g, '-');
}

export function deployment(name: string, images: string[], replicas: number, port?: number): KubeObject {
  const labels = { app: name };
  const containers: Container[] = images.map((image, i) => ({
    image,
    name: containerName(image),
    ...(port !== undefined && i === 0 ? { ports: [{ containerPort: port }] } : {}),
    resources: {},
  }));
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { creationTimestamp: null, labels, name },
    spec: { replicas, selector: { matchLabels: labels }, strategy: {}, template: { metadata: { creationTimestamp: null, labels }, spec: { containers } } },
    status: {},
  };
}

function jobSpec(name: string, image: string, command: string[], restartPolicy: string): Record<string, unknown> {
  const container: Container = { ...(command.length ? { command } : {}), image, name, resources: {} };
  return { template: { metadata: { creationTimestamp: null }, spec: { containers: [container], restartPolicy } } };
}

export function job(name: string, image: string, command: string[]): KubeObject {
  return { apiVersion: 'batch/v1', kind: 'Job', metadata: { creationTimestamp: null, name }, spec: jobSpec(name, image, command, 'Never'), status: {} };
}

/** `create job NAME --from=cronjob/X`: the cron job's template, owned by it, as the controller would make it. */
export function jobFromCronJob(name: string, cronJob: KubeObject): KubeObject {
  const template = (cronJob['spec'] as { jobTemplate?: { metadata?: Record<string, unknown>; spec?: unknown } } | undefined)?.jobTemplate ?? {};
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      annotations: { 'cronjob.kubernetes.io/instantiate': 'manual', ...((template.metadata?.['annotations'] as Record<string, string>) ?? {}) },
      creationTimestamp: null,
      ...(template.metadata?.['labels'] ? { labels: template.metadata['labels'] as Record<string, string> } : {}),
      name,
      ownerReferences: [{ apiVersion: 'batch/v1', blockOwnerDeletion: true, controller: true, kind: 'CronJob', name: cronJob.metadata?.name ?? '', uid: cronJob.metadata?.uid ?? '' }],
    },
    spec: template.spec ?? {},
    status: {},
  };
}

export function cronJob(name: string, image: string, schedule: string, command: string[], restart = 'OnFailure'): KubeObject {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { creationTimestamp: null, name },
    spec: { jobTemplate: { metadata: { creationTimestamp: null, name }, spec: jobSpec(name, image, command, restart) }, schedule },
    status: {},
  };
}

export interface RunOptions {
  image: string;
  labels?: Record<string, string>;
  env: string[];
  port?: number;
  restart: string;
  args: string[];
  /** --command: the arguments are the command, not args. */
  command: boolean;
  imagePullPolicy?: string;
}

export function runPod(name: string, o: RunOptions): KubeObject {
  const env = o.env.map((e) => {
    const at = e.indexOf('=');
    return { name: e.slice(0, at), value: e.slice(at + 1) };
  });
  const container: Container = {
    ...(o.args.length && !o.command ? { args: o.args } : {}),
    ...(o.args.length && o.command ? { command: o.args } : {}),
    ...(env.length ? { env } : {}),
    image: o.image,
    ...(o.imagePullPolicy ? { imagePullPolicy: o.imagePullPolicy } : {}),
    name,
    ...(o.port !== undefined ? { ports: [{ containerPort: o.port }] } : {}),
    resources: {},
  };
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { creationTimestamp: null, labels: o.labels ?? { run: name }, name },
    spec: { containers: [container], dnsPolicy: 'ClusterFirst', restartPolicy: o.restart },
    status: {},
  };
}
