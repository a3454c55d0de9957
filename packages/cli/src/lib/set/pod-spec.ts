/**
 * Where an object keeps its pod spec (kubectl's polymorphic UpdatePodSpecForObject): a pod's
 * own spec, a workload's spec.template.spec, a cron job's spec.jobTemplate.spec.template.spec.
 */
import { KubelabError } from '../errors.js';

type Obj = Record<string, any>;

export function podSpecOf(obj: Obj): Obj {
  switch (obj['kind']) {
    case 'Pod':
      return (obj['spec'] ??= {});
    case 'CronJob':
      return ((((obj['spec'] ??= {})['jobTemplate'] ??= {})['spec'] ??= {})['template'] ??= {})['spec'] ??= {};
    case 'Deployment':
    case 'ReplicaSet':
    case 'DaemonSet':
    case 'StatefulSet':
    case 'Job':
      return ((obj['spec'] ??= {})['template'] ??= {})['spec'] ??= {};
    default:
      throw new KubelabError(`${String(obj['kind']).toLowerCase()}s "${obj['metadata']?.['name']}" has no pod template`);
  }
}

/** The containers a -c/--containers selector names ("*" or a glob), init containers included when asked. */
export function selectContainers(spec: Obj, pattern = '*', init = false): Obj[] {
  const re = new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
  const list = [...((spec['containers'] ?? []) as Obj[]), ...(init ? ((spec['initContainers'] ?? []) as Obj[]) : [])];
  return list.filter((c) => re.test(c['name']));
}
