/** kubectl describe for namespaces, config maps, secrets and service accounts. */
import { type Obj, describeEvents, printAnnotationsMultiline, printLabelsMultiline, rfc1123z } from './common.js';
import { LEVEL_0, LEVEL_1, tabbed } from './writer.js';

export function describeNamespace(ns: Obj, quotas: Obj[], limitRanges: Obj[]): string {
  return tabbed((w) => {
    const meta = ns['metadata'] ?? {};
    w.write(LEVEL_0, `Name:\t${meta['name']}\n`);
    printLabelsMultiline(w, 'Labels', meta['labels']);
    printAnnotationsMultiline(w, 'Annotations', meta['annotations']);
    w.write(LEVEL_0, `Status:\t${ns['status']?.['phase'] ?? ''}\n`);
    const conditions = (ns['status']?.['conditions'] ?? []) as Obj[];
    if (conditions.length) {
      w.write(LEVEL_0, 'Conditions:\n');
      w.write(LEVEL_1, 'Type\tStatus\tLastTransitionTime\tReason\tMessage\n');
      w.write(LEVEL_1, '----\t------\t------------------\t------\t-------\n');
      for (const c of conditions) w.write(LEVEL_1, `${c['type']}\t${c['status']}\t${rfc1123z(c['lastTransitionTime'])}\t${c['reason'] ?? ''}\t${c['message'] ?? ''}\n`);
    }
    w.write(LEVEL_0, '\n');
    if (quotas.length === 0) w.write(LEVEL_0, 'No resource quota.\n');
    else {
      w.write(LEVEL_0, 'Resource Quotas\n');
      for (const q of [...quotas].sort((a, b) => (a['metadata']['name'] < b['metadata']['name'] ? -1 : 1))) {
        w.write(LEVEL_1, `Name:\t${q['metadata']['name']}\n`);
        w.write(LEVEL_1, 'Resource\tUsed\tHard\n');
        w.write(LEVEL_1, '--------\t---\t---\n');
        const hard = (q['status']?.['hard'] ?? {}) as Record<string, string>;
        const used = (q['status']?.['used'] ?? {}) as Record<string, string>;
        for (const r of Object.keys(hard).sort()) w.write(LEVEL_1, `${r}\t${used[r] ?? '0'}\t${hard[r]}\n`);
      }
    }
    w.write(LEVEL_0, '\n');
    if (limitRanges.length === 0) w.write(LEVEL_0, 'No LimitRange resource.\n');
    else {
      w.write(LEVEL_0, 'Resource Limits\n Type\tResource\tMin\tMax\tDefault Request\tDefault Limit\tMax Limit/Request Ratio\n');
      w.write(LEVEL_0, ' ----\t--------\t---\t---\t---------------\t-------------\t-----------------------\n');
      for (const lr of limitRanges) {
        for (const item of (lr['spec']?.['limits'] ?? []) as Obj[]) {
          const names = new Set<string>();
          for (const k of ['min', 'max', 'default', 'defaultRequest', 'maxLimitRequestRatio']) for (const r of Object.keys(item[k] ?? {})) names.add(r);
          for (const r of [...names].sort()) {
            const v = (k: string) => item[k]?.[r] ?? '-';
            w.write(LEVEL_0, ` ${item['type']}\t${r}\t${v('min')}\t${v('max')}\t${v('defaultRequest')}\t${v('default')}\t${v('maxLimitRequestRatio')}\n`);
          }
        }
      }
    }
  });
}

/** Data keys are printed sorted (kubectl walks a Go map, in no fixed order). */
export function describeConfigMap(cm: Obj, events: Obj[] | undefined, now = Date.now()): string {
  return tabbed((w) => {
    const meta = cm['metadata'] ?? {};
    w.write(LEVEL_0, `Name:\t${meta['name']}\n`);
    w.write(LEVEL_0, `Namespace:\t${meta['namespace']}\n`);
    printLabelsMultiline(w, 'Labels', meta['labels']);
    printAnnotationsMultiline(w, 'Annotations', meta['annotations']);
    w.write(LEVEL_0, '\nData\n====\n');
    const data = (cm['data'] ?? {}) as Record<string, string>;
    for (const k of Object.keys(data).sort()) {
      w.write(LEVEL_0, `${k}:\n----\n`);
      w.write(LEVEL_0, `${data[k]}\n`);
      w.write(LEVEL_0, '\n');
    }
    w.write(LEVEL_0, '\nBinaryData\n====\n');
    const bin = (cm['binaryData'] ?? {}) as Record<string, string>;
    for (const k of Object.keys(bin).sort()) w.write(LEVEL_0, `${k}: ${Buffer.from(bin[k]!, 'base64').length} bytes\n`);
    w.write(LEVEL_0, '\n');
    describeEvents(events, w, now);
  });
}

export function describeSecret(secret: Obj): string {
  return tabbed((w) => {
    const meta = secret['metadata'] ?? {};
    w.write(LEVEL_0, `Name:\t${meta['name']}\n`);
    w.write(LEVEL_0, `Namespace:\t${meta['namespace']}\n`);
    printLabelsMultiline(w, 'Labels', meta['labels']);
    printAnnotationsMultiline(w, 'Annotations', meta['annotations']);
    w.write(LEVEL_0, `\nType:\t${secret['type'] ?? ''}\n`);
    w.write(LEVEL_0, '\nData\n====\n');
    const data = (secret['data'] ?? {}) as Record<string, string>;
    for (const k of Object.keys(data).sort()) {
      const bytes = Buffer.from(data[k]!, 'base64');
      if (k === 'token' && secret['type'] === 'kubernetes.io/service-account-token') w.write(LEVEL_0, `${k}:\t${bytes.toString('utf8')}\n`);
      else w.write(LEVEL_0, `${k}:\t${bytes.length} bytes\n`);
    }
  });
}

export function describeServiceAccount(sa: Obj, tokens: string[], missing: Set<string>, events: Obj[] | undefined, now = Date.now()): string {
  return tabbed((w) => {
    const meta = sa['metadata'] ?? {};
    w.write(LEVEL_0, `Name:\t${meta['name']}\n`);
    w.write(LEVEL_0, `Namespace:\t${meta['namespace']}\n`);
    printLabelsMultiline(w, 'Labels', meta['labels']);
    printAnnotationsMultiline(w, 'Annotations', meta['annotations']);
    const sections: Array<[string, string[]]> = [
      ['Image pull secrets:', ((sa['imagePullSecrets'] ?? []) as Obj[]).map((s) => s['name'])],
      ['Mountable secrets: ', ((sa['secrets'] ?? []) as Obj[]).map((s) => s['name'])],
      ['Tokens:            ', tokens],
    ];
    for (const [header, names] of sections) {
      if (names.length === 0) w.write(LEVEL_0, `${header}\t<none>\n`);
      names.forEach((n, i) => w.write(LEVEL_0, `${i === 0 ? header : ' '.repeat(19)}\t${n}${missing.has(n) ? ' (not found)' : ''}\n`));
    }
    describeEvents(events, w, now);
  });
}
