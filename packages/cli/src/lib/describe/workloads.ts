/**
 * kubectl describe for deployments, replica sets, daemon sets, stateful sets and jobs
 * (describeDeployment, describeReplicaSet, describeDaemonSet, describeStatefulSet,
 * describeJob in k8s.io/kubectl/pkg/describe/describe.go).
 */
import { humanDuration } from '@kubelab/core/print/duration';
import { type Obj, describeEvents, formatLabels, printAnnotationsMultiline, printController, printLabelsMultiline, rfc1123z } from './common.js';
import { describePodTemplate, formatSelector } from './containers.js';
import { LEVEL_0, LEVEL_1, type PrefixWriter, tabbed } from './writer.js';

export interface PodCounts {
  running: number;
  waiting: number;
  succeeded: number;
  failed: number;
}

export function podCounts(pods: Obj[]): PodCounts {
  const c = { running: 0, waiting: 0, succeeded: 0, failed: 0 };
  for (const p of pods) {
    const phase = p['status']?.['phase'];
    if (phase === 'Running') c.running++;
    else if (phase === 'Pending') c.waiting++;
    else if (phase === 'Succeeded') c.succeeded++;
    else if (phase === 'Failed') c.failed++;
  }
  return c;
}

function podsStatus(w: PrefixWriter, c: PodCounts): void {
  w.write(LEVEL_0, `Pods Status:\t${c.running} Running / ${c.waiting} Waiting / ${c.succeeded} Succeeded / ${c.failed} Failed\n`);
}

function conditions(w: PrefixWriter, list: Obj[] | undefined): void {
  if (!list?.length) return;
  w.write(LEVEL_0, 'Conditions:\n  Type\tStatus\tReason\n');
  w.write(LEVEL_1, '----\t------\t------\n');
  for (const c of list) w.write(LEVEL_1, `${c['type']} \t${c['status']}\t${c['reason'] ?? ''}\n`);
}

export function describeDeployment(d: Obj, oldRSs: Obj[], newRSs: Obj[], events: Obj[] | undefined, now = Date.now()): string {
  return tabbed((w) => {
    const meta = d['metadata'] ?? {};
    const spec = d['spec'] ?? {};
    const status = d['status'] ?? {};
    w.write(LEVEL_0, `Name:\t${meta['name']}\n`);
    w.write(LEVEL_0, `Namespace:\t${meta['namespace']}\n`);
    w.write(LEVEL_0, `CreationTimestamp:\t${rfc1123z(meta['creationTimestamp'])}\n`);
    printLabelsMultiline(w, 'Labels', meta['labels']);
    printAnnotationsMultiline(w, 'Annotations', meta['annotations']);
    w.write(LEVEL_0, `Selector:\t${formatSelector(spec['selector'])}\n`);
    w.write(LEVEL_0, `Replicas:\t${spec['replicas'] ?? 0} desired | ${status['updatedReplicas'] ?? 0} updated | ${status['replicas'] ?? 0} total | ${status['availableReplicas'] ?? 0} available | ${status['unavailableReplicas'] ?? 0} unavailable\n`);
    w.write(LEVEL_0, `StrategyType:\t${spec['strategy']?.['type'] ?? ''}\n`);
    w.write(LEVEL_0, `MinReadySeconds:\t${spec['minReadySeconds'] ?? 0}\n`);
    const ru = spec['strategy']?.['rollingUpdate'];
    if (ru) w.write(LEVEL_0, `RollingUpdateStrategy:\t${ru['maxUnavailable'] ?? ''} max unavailable, ${ru['maxSurge'] ?? ''} max surge\n`);
    describePodTemplate(spec['template'], w);
    conditions(w, status['conditions']);
    if (oldRSs.length || newRSs.length) {
      w.write(LEVEL_0, `OldReplicaSets:\t${rsList(oldRSs)}\n`);
      w.write(LEVEL_0, `NewReplicaSet:\t${rsList(newRSs)}\n`);
    }
    describeEvents(events, w, now);
  });
}

function rsList(list: Obj[]): string {
  return list.map((rs) => `${rs['metadata']['name']} (${rs['status']?.['replicas'] ?? 0}/${rs['spec']?.['replicas'] ?? 0} replicas created)`).join(', ') || '<none>';
}

export function describeReplicaSet(rs: Obj, events: Obj[] | undefined, counts: PodCounts, now = Date.now()): string {
  return tabbed((w) => {
    const meta = rs['metadata'] ?? {};
    w.write(LEVEL_0, `Name:\t${meta['name']}\n`);
    w.write(LEVEL_0, `Namespace:\t${meta['namespace']}\n`);
    w.write(LEVEL_0, `Selector:\t${formatSelector(rs['spec']?.['selector'])}\n`);
    printLabelsMultiline(w, 'Labels', meta['labels']);
    printAnnotationsMultiline(w, 'Annotations', meta['annotations']);
    const controlledBy = printController(rs);
    if (controlledBy) w.write(LEVEL_0, `Controlled By:\t${controlledBy}\n`);
    w.write(LEVEL_0, `Replicas:\t${rs['status']?.['replicas'] ?? 0} current / ${rs['spec']?.['replicas'] ?? 0} desired\n`);
    podsStatus(w, counts);
    describePodTemplate(rs['spec']?.['template'], w);
    conditions(w, rs['status']?.['conditions']);
    describeEvents(events, w, now);
  });
}

export function describeDaemonSet(ds: Obj, events: Obj[] | undefined, counts: PodCounts, now = Date.now()): string {
  return tabbed((w) => {
    const meta = ds['metadata'] ?? {};
    const status = ds['status'] ?? {};
    w.write(LEVEL_0, `Name:\t${meta['name']}\n`);
    w.write(LEVEL_0, `Selector:\t${formatSelector(ds['spec']?.['selector'])}\n`);
    const ns = formatLabels(ds['spec']?.['template']?.['spec']?.['nodeSelector']);
    w.write(LEVEL_0, `Node-Selector:\t${ns}\n`);
    printLabelsMultiline(w, 'Labels', meta['labels']);
    printAnnotationsMultiline(w, 'Annotations', meta['annotations']);
    w.write(LEVEL_0, `Desired Number of Nodes Scheduled: ${status['desiredNumberScheduled'] ?? 0}\n`);
    w.write(LEVEL_0, `Current Number of Nodes Scheduled: ${status['currentNumberScheduled'] ?? 0}\n`);
    w.write(LEVEL_0, `Number of Nodes Scheduled with Up-to-date Pods: ${status['updatedNumberScheduled'] ?? 0}\n`);
    w.write(LEVEL_0, `Number of Nodes Scheduled with Available Pods: ${status['numberAvailable'] ?? 0}\n`);
    w.write(LEVEL_0, `Number of Nodes Misscheduled: ${status['numberMisscheduled'] ?? 0}\n`);
    podsStatus(w, counts);
    describePodTemplate(ds['spec']?.['template'], w);
    describeEvents(events, w, now);
  });
}

export function describeStatefulSet(sts: Obj, events: Obj[] | undefined, counts: PodCounts, now = Date.now()): string {
  return tabbed((w) => {
    const meta = sts['metadata'] ?? {};
    const spec = sts['spec'] ?? {};
    w.write(LEVEL_0, `Name:\t${meta['name']}\n`);
    w.write(LEVEL_0, `Namespace:\t${meta['namespace']}\n`);
    w.write(LEVEL_0, `CreationTimestamp:\t${rfc1123z(meta['creationTimestamp'])}\n`);
    w.write(LEVEL_0, `Selector:\t${formatSelector(spec['selector'])}\n`);
    printLabelsMultiline(w, 'Labels', meta['labels']);
    printAnnotationsMultiline(w, 'Annotations', meta['annotations']);
    w.write(LEVEL_0, `Replicas:\t${spec['replicas'] ?? 0} desired | ${sts['status']?.['replicas'] ?? 0} total\n`);
    w.write(LEVEL_0, `Update Strategy:\t${spec['updateStrategy']?.['type'] ?? ''}\n`);
    const ru = spec['updateStrategy']?.['rollingUpdate'];
    if (ru && ru['partition'] !== undefined) {
      w.write(LEVEL_1, `Partition:\t${ru['partition']}\n`);
      if (ru['maxUnavailable'] !== undefined) w.write(LEVEL_1, `MaxUnavailable:\t${ru['maxUnavailable']}\n`);
    }
    podsStatus(w, counts);
    describePodTemplate(spec['template'], w);
    const templates = (spec['volumeClaimTemplates'] ?? []) as Obj[];
    if (templates.length === 0) w.write(LEVEL_0, 'Volume Claims:\t<none>\n');
    else {
      w.write(LEVEL_0, 'Volume Claims:\n');
      for (const pvc of templates) {
        w.write(LEVEL_1, `Name:\t${pvc['metadata']?.['name'] ?? ''}\n`);
        w.write(LEVEL_1, `StorageClass:\t${pvc['spec']?.['storageClassName'] ?? ''}\n`);
        printLabelsMultiline(w, 'Labels', pvc['metadata']?.['labels'], '  ');
        printLabelsMultiline(w, 'Annotations', pvc['metadata']?.['annotations'], '  ');
        w.write(LEVEL_1, `Capacity:\t${pvc['spec']?.['resources']?.['requests']?.['storage'] ?? '<default>'}\n`);
        w.write(LEVEL_1, `Access Modes:\t[${(pvc['spec']?.['accessModes'] ?? []).join(' ')}]\n`);
      }
    }
    describeEvents(events, w, now);
  });
}

export function describeJob(job: Obj, events: Obj[] | undefined, now = Date.now()): string {
  return tabbed((w) => {
    const meta = job['metadata'] ?? {};
    const spec = job['spec'] ?? {};
    const status = job['status'] ?? {};
    w.write(LEVEL_0, `Name:\t${meta['name']}\n`);
    w.write(LEVEL_0, `Namespace:\t${meta['namespace']}\n`);
    w.write(LEVEL_0, `Selector:\t${spec['selector'] ? formatSelector(spec['selector']) : ''}\n`);
    printLabelsMultiline(w, 'Labels', meta['labels']);
    printAnnotationsMultiline(w, 'Annotations', meta['annotations']);
    const controlledBy = printController(job);
    if (controlledBy) w.write(LEVEL_0, `Controlled By:\t${controlledBy}\n`);
    if (spec['parallelism'] !== undefined) w.write(LEVEL_0, `Parallelism:\t${spec['parallelism']}\n`);
    w.write(LEVEL_0, `Completions:\t${spec['completions'] ?? '<unset>'}\n`);
    if (spec['completionMode']) w.write(LEVEL_0, `Completion Mode:\t${spec['completionMode']}\n`);
    if (spec['suspend'] !== undefined) w.write(LEVEL_0, `Suspend:\t${spec['suspend']}\n`);
    if (spec['backoffLimit'] !== undefined) w.write(LEVEL_0, `Backoff Limit:\t${spec['backoffLimit']}\n`);
    if (spec['ttlSecondsAfterFinished'] !== undefined) w.write(LEVEL_0, `TTL Seconds After Finished:\t${spec['ttlSecondsAfterFinished']}\n`);
    if (status['startTime']) w.write(LEVEL_0, `Start Time:\t${rfc1123z(status['startTime'])}\n`);
    if (status['completionTime']) w.write(LEVEL_0, `Completed At:\t${rfc1123z(status['completionTime'])}\n`);
    if (status['startTime'] && status['completionTime']) w.write(LEVEL_0, `Duration:\t${humanDuration(Date.parse(status['completionTime']) - Date.parse(status['startTime']))}\n`);
    if (spec['activeDeadlineSeconds'] !== undefined) w.write(LEVEL_0, `Active Deadline Seconds:\t${spec['activeDeadlineSeconds']}s\n`);
    const ready = status['ready'] === undefined ? '' : ` (${status['ready']} Ready)`;
    w.write(LEVEL_0, `Pods Statuses:\t${status['active'] ?? 0} Active${ready} / ${status['succeeded'] ?? 0} Succeeded / ${status['failed'] ?? 0} Failed\n`);
    if (spec['completionMode'] === 'Indexed') w.write(LEVEL_0, `Completed Indexes:\t${status['completedIndexes'] || '<none>'}\n`);
    describePodTemplate(spec['template'], w);
    describeEvents(events, w, now);
  });
}
