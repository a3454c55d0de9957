/**
 * Objects in the formats that are not tables: yaml, json, name, jsonpath, custom-columns.
 * Several objects (a list, or more than one name) print as kubectl's `kind: List`.
 */
import type { KubeObject } from '@kubelab/core/api/meta';
import { parseApiVersion } from '@kubelab/core/api/meta';
import { parseCustomColumns, printCustomColumns } from './custom-columns.js';
import { toGoYaml } from './go-yaml.js';
import { toGoJson } from './json.js';
import { compileJsonPath, goJson } from './jsonpath.js';
import type { OutputFormat } from './output-format.js';

export function asList(items: KubeObject[]): KubeObject {
  return { apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } } as KubeObject;
}

/** `-o name`: "pod/web", "deployment.apps/web". */
export function objectName(obj: KubeObject): string {
  const { group } = parseApiVersion(obj.apiVersion ?? '');
  const kind = (obj.kind ?? '').toLowerCase();
  return `${group ? `${kind}.${group}` : kind}/${obj.metadata?.name ?? ''}`;
}

export function printObjects(objects: KubeObject[], single: boolean, format: Exclude<OutputFormat, { kind: 'table' }>, noHeaders = false): string {
  const doc = single && objects.length === 1 ? objects[0]! : asList(objects);
  switch (format.kind) {
    case 'yaml':
      return toGoYaml(doc);
    case 'json':
      return toGoJson(doc);
    case 'name':
      return objects.map((o) => `${objectName(o)}\n`).join('');
    case 'jsonpath':
      if (format.asJson) return `${goJson([compileJsonPath(format.template)(doc)])}\n`;
      return compileJsonPath(format.template)(doc);
    case 'custom-columns':
      return printCustomColumns(objects, parseCustomColumns(format.spec), noHeaders);
  }
}
