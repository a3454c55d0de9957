/**
 * kubectl describe pod (describePod in k8s.io/kubectl/pkg/describe/describe.go), and, with
 * `--show-scheduling`, kubelab's "Scheduling:" section before the events (../why/summary.ts).
 */
import type { SchedulingDecision } from '@kubelab/core/scheduler/framework/decision';
import { podQosClass } from '@kubelab/core/api/pod-qos';
import { type Obj, describeEvents, printAnnotationsMultiline, printController, printLabelsMultiline, printTolerationsMultiline, rfc1123z, since } from './common.js';
import { describeContainers, describeResources, describeTopologySpread, describeVolumes } from './containers.js';
import { describeScheduling } from '../why/summary.js';
import { LEVEL_0, LEVEL_1, tabbed } from './writer.js';

/** scheduling: the last attempt's decision, or why there is none; undefined prints no section. */
export function describePod(pod: Obj, events: Obj[] | undefined, now = Date.now(), scheduling?: SchedulingDecision | string): string {
  return tabbed((w) => {
    const meta = pod['metadata'] ?? {};
    const spec = pod['spec'] ?? {};
    const status = pod['status'] ?? {};
    w.write(LEVEL_0, `Name:\t${meta['name']}\n`);
    w.write(LEVEL_0, `Namespace:\t${meta['namespace']}\n`);
    if (spec['priority'] !== undefined) w.write(LEVEL_0, `Priority:\t${spec['priority']}\n`);
    if (spec['priorityClassName']) w.write(LEVEL_0, `Priority Class Name:\t${spec['priorityClassName']}\n`);
    if (spec['runtimeClassName']) w.write(LEVEL_0, `Runtime Class Name:\t${spec['runtimeClassName']}\n`);
    if (spec['serviceAccountName']) w.write(LEVEL_0, `Service Account:\t${spec['serviceAccountName']}\n`);
    w.write(LEVEL_0, spec['nodeName'] ? `Node:\t${spec['nodeName']}/${status['hostIP'] ?? ''}\n` : 'Node:\t<none>\n');
    if (status['startTime']) w.write(LEVEL_0, `Start Time:\t${rfc1123z(status['startTime'])}\n`);
    printLabelsMultiline(w, 'Labels', meta['labels']);
    printAnnotationsMultiline(w, 'Annotations', meta['annotations']);
    if (meta['deletionTimestamp'] && status['phase'] !== 'Failed' && status['phase'] !== 'Succeeded') {
      w.write(LEVEL_0, `Status:\tTerminating (lasts ${since(meta['deletionTimestamp'], now)})\n`);
      w.write(LEVEL_0, `Termination Grace Period:\t${meta['deletionGracePeriodSeconds'] ?? 0}s\n`);
    } else w.write(LEVEL_0, `Status:\t${status['phase'] ?? ''}\n`);
    if (status['reason']) w.write(LEVEL_0, `Reason:\t${status['reason']}\n`);
    if (status['message']) w.write(LEVEL_0, `Message:\t${status['message']}\n`);
    const seccomp = spec['securityContext']?.['seccompProfile'];
    if (seccomp) w.write(LEVEL_0, `SeccompProfile:\t${seccomp['type']}\n`);
    w.write(LEVEL_0, `IP:\t${status['podIP'] ?? ''}\n`);
    const ips = (status['podIPs'] ?? []) as Obj[];
    if (ips.length === 0) w.write(LEVEL_0, 'IPs:\t<none>\n');
    else {
      w.write(LEVEL_0, 'IPs:\n');
      for (const ip of ips) w.write(LEVEL_1, `IP:\t${ip['ip']}\n`);
    }
    const controlledBy = printController(pod);
    if (controlledBy) w.write(LEVEL_0, `Controlled By:\t${controlledBy}\n`);
    if (status['nominatedNodeName']) w.write(LEVEL_0, `NominatedNodeName:\t${status['nominatedNodeName']}\n`);
    if (spec['resources']) {
      w.write(LEVEL_0, 'Resources:\n');
      describeResources(spec['resources'], w, LEVEL_1);
    }
    if (spec['initContainers']?.length) describeContainers('Init Containers', spec['initContainers'], status['initContainerStatuses'], w, '', pod);
    describeContainers('Containers', spec['containers'], status['containerStatuses'], w, '', pod);
    if (spec['readinessGates']?.length) {
      w.write(LEVEL_0, 'Readiness Gates:\n  Type\tStatus\n');
      for (const g of spec['readinessGates'] as Obj[]) {
        const c = ((status['conditions'] ?? []) as Obj[]).find((x) => x['type'] === g['conditionType']);
        w.write(LEVEL_1, `${g['conditionType']} \t${c ? c['status'] : '<none>'} \n`);
      }
    }
    if (status['conditions']?.length) {
      w.write(LEVEL_0, 'Conditions:\n  Type\tStatus\n');
      for (const c of status['conditions'] as Obj[]) w.write(LEVEL_1, `${c['type']} \t${c['status']} \n`);
    }
    describeVolumes(spec['volumes'], w, '');
    w.write(LEVEL_0, `QoS Class:\t${status['qosClass'] ?? podQosClass(pod)}\n`);
    printLabelsMultiline(w, 'Node-Selectors', spec['nodeSelector']);
    printTolerationsMultiline(w, 'Tolerations', spec['tolerations']);
    describeTopologySpread(spec['topologySpreadConstraints'], w, '');
    if (scheduling !== undefined) describeScheduling(scheduling, w);
    describeEvents(events, w, now);
  });
}
