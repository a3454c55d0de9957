/** kubectl describe pvc and pv (describePersistentVolumeClaim, describePersistentVolume). */
import { type Obj, describeEvents, printAnnotationsMultiline, printLabelsMultiline, rfc1123z, since } from './common.js';
import { LEVEL_0, LEVEL_1, LEVEL_2, tabbed } from './writer.js';

/** storageutil.GetAccessModesAsString. */
export function accessModes(modes: string[] | undefined): string {
  const m = new Set(modes ?? []);
  return [
    ['ReadWriteOnce', 'RWO'],
    ['ReadOnlyMany', 'ROX'],
    ['ReadWriteMany', 'RWX'],
    ['ReadWriteOncePod', 'RWOP'],
  ]
    .filter(([full]) => m.has(full!))
    .map(([, short]) => short)
    .join(',');
}

/** Go's %v of a []string: "[a b]". */
function goList(list: string[] | undefined): string {
  return `[${(list ?? []).join(' ')}]`;
}

export function describePersistentVolumeClaim(pvc: Obj, usedBy: Obj[], events: Obj[] | undefined, now = Date.now()): string {
  return tabbed((w) => {
    const meta = pvc['metadata'] ?? {};
    const spec = pvc['spec'] ?? {};
    const status = pvc['status'] ?? {};
    w.write(LEVEL_0, `Name:\t${meta['name']}\n`);
    w.write(LEVEL_0, `Namespace:\t${meta['namespace']}\n`);
    w.write(LEVEL_0, `StorageClass:\t${spec['storageClassName'] ?? meta['annotations']?.['volume.beta.kubernetes.io/storage-class'] ?? ''}\n`);
    w.write(LEVEL_0, meta['deletionTimestamp'] ? `Status:\tTerminating (lasts ${since(meta['deletionTimestamp'], now)})\n` : `Status:\t${status['phase'] ?? ''}\n`);
    w.write(LEVEL_0, `Volume:\t${spec['volumeName'] ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', meta['labels']);
    printAnnotationsMultiline(w, 'Annotations', meta['annotations']);
    w.write(LEVEL_0, `Finalizers:\t${goList(meta['finalizers'])}\n`);
    const bound = Boolean(spec['volumeName']);
    w.write(LEVEL_0, `Capacity:\t${bound ? (status['capacity']?.['storage'] ?? '0') : ''}\n`);
    w.write(LEVEL_0, `Access Modes:\t${bound ? accessModes(status['accessModes']) : ''}\n`);
    if (spec['volumeMode']) w.write(LEVEL_0, `VolumeMode:\t${spec['volumeMode']}\n`);
    if (spec['dataSource']) {
      w.write(LEVEL_0, 'DataSource:\n');
      if (spec['dataSource']['apiGroup']) w.write(LEVEL_1, `APIGroup:\t${spec['dataSource']['apiGroup']}\n`);
      w.write(LEVEL_1, `Kind:\t${spec['dataSource']['kind']}\n`);
      w.write(LEVEL_1, `Name:\t${spec['dataSource']['name']}\n`);
    }
    w.write(LEVEL_0, 'Used By:\t');
    const names = usedBy.map((p) => p['metadata']['name'] as string).sort();
    if (names.length === 0) w.writeLine('<none>');
    names.forEach((n, i) => w.write(LEVEL_0, `${i ? '\t' : ''}${n}\n`));
    const conditions = (status['conditions'] ?? []) as Obj[];
    if (conditions.length) {
      w.write(LEVEL_0, 'Conditions:\n');
      w.write(LEVEL_1, 'Type\tStatus\tLastProbeTime\tLastTransitionTime\tReason\tMessage\n');
      w.write(LEVEL_1, '----\t------\t-----------------\t------------------\t------\t-------\n');
      for (const c of conditions) w.write(LEVEL_1, `${c['type']} \t${c['status']} \t${rfc1123z(c['lastProbeTime'])} \t${rfc1123z(c['lastTransitionTime'])} \t${c['reason'] ?? ''} \t${c['message'] ?? ''}\n`);
    }
    describeEvents(events, w, now);
  });
}

export function describePersistentVolume(pv: Obj, events: Obj[] | undefined, now = Date.now()): string {
  return tabbed((w) => {
    const meta = pv['metadata'] ?? {};
    const spec = pv['spec'] ?? {};
    w.write(LEVEL_0, `Name:\t${meta['name']}\n`);
    printLabelsMultiline(w, 'Labels', meta['labels']);
    printAnnotationsMultiline(w, 'Annotations', meta['annotations']);
    w.write(LEVEL_0, `Finalizers:\t${goList(meta['finalizers'])}\n`);
    w.write(LEVEL_0, `StorageClass:\t${spec['storageClassName'] ?? ''}\n`);
    w.write(LEVEL_0, meta['deletionTimestamp'] ? `Status:\tTerminating (lasts ${since(meta['deletionTimestamp'], now)})\n` : `Status:\t${pv['status']?.['phase'] ?? ''}\n`);
    w.write(LEVEL_0, `Claim:\t${spec['claimRef'] ? `${spec['claimRef']['namespace']}/${spec['claimRef']['name']}` : ''}\n`);
    w.write(LEVEL_0, `Reclaim Policy:\t${spec['persistentVolumeReclaimPolicy'] ?? ''}\n`);
    w.write(LEVEL_0, `Access Modes:\t${accessModes(spec['accessModes'])}\n`);
    if (spec['volumeMode']) w.write(LEVEL_0, `VolumeMode:\t${spec['volumeMode']}\n`);
    w.write(LEVEL_0, `Capacity:\t${spec['capacity']?.['storage'] ?? '0'}\n`);
    w.write(LEVEL_0, 'Node Affinity:\t');
    const required = spec['nodeAffinity']?.['required'];
    if (!required) w.writeLine('<none>');
    else {
      w.writeLine('');
      w.write(LEVEL_1, 'Required Terms:\t');
      const terms = (required['nodeSelectorTerms'] ?? []) as Obj[];
      if (terms.length === 0) w.writeLine('<none>');
      else {
        w.writeLine('');
        terms.forEach((t, i) => {
          w.write(LEVEL_2, `Term ${i}:\t`);
          const exprs = (t['matchExpressions'] ?? []) as Obj[];
          if (exprs.length === 0) w.writeLine('<none>');
          exprs.forEach((e, j) => {
            if (j) w.write(LEVEL_2, '\t');
            w.write(LEVEL_0, `${e['key']} ${e['operator']}${e['values']?.length ? ` [${e['values'].join(', ')}]` : ''}\n`);
          });
        });
      }
    }
    w.write(LEVEL_0, `Message:\t${pv['status']?.['message'] ?? ''}\n`);
    w.write(LEVEL_0, 'Source:\n');
    if (spec['hostPath']) w.write(LEVEL_2, `Type:\tHostPath (bare host directory volume)\n    Path:\t${spec['hostPath']['path']}\n    HostPathType:\t${spec['hostPath']['type'] ?? '<none>'}\n`);
    else if (spec['local']) w.write(LEVEL_2, `Type:\tLocalVolume (a persistent volume backed by local storage on a node)\n    Path:\t${spec['local']['path']}\n`);
    else if (spec['nfs']) w.write(LEVEL_2, `Type:\tNFS (an NFS mount that lasts the lifetime of a pod)\n    Server:\t${spec['nfs']['server']}\n    Path:\t${spec['nfs']['path']}\n    ReadOnly:\t${spec['nfs']['readOnly'] === true}\n`);
    else if (spec['csi']) w.write(LEVEL_2, `Type:\tCSI (a Container Storage Interface (CSI) volume source)\n    Driver:\t${spec['csi']['driver']}\n    FSType:\t${spec['csi']['fsType'] ?? ''}\n    VolumeHandle:\t${spec['csi']['volumeHandle']}\n    ReadOnly:\t${spec['csi']['readOnly'] === true}\n`);
    else w.write(LEVEL_1, '<unknown>\n');
    describeEvents(events, w, now);
  });
}
