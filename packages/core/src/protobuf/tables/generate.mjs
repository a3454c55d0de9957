#!/usr/bin/env node
/**
 * Regenerates the protobuf field tables in this directory from checkouts of kubernetes/api
 * and kubernetes/apimachinery (the tables were made from both at release-1.36):
 *
 *   node packages/core/src/protobuf/tables/generate.mjs ../api ../apimachinery
 *
 * Field numbers, proto names and wire types come from each package's generated.proto; JSON
 * names, omitempty, inline and pointers from the Go struct tags in the package's .go files
 * (generated.proto marks every field `optional`, so it cannot tell a pointer from a value).
 * Only messages reachable from ROOTS are written. It fails loudly on anything it does not
 * understand rather than guessing. The notation is documented in ../schema.ts.
 */
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const [apiDir, machineryDir] = process.argv.slice(2);
if (!apiDir || !machineryDir) {
  console.error('usage: generate.mjs <kubernetes/api checkout> <kubernetes/apimachinery checkout>');
  process.exit(2);
}
const OUT = dirname(fileURLToPath(import.meta.url));

/** Our short package name, the proto package, where it lives, and which table file gets it. */
const PACKAGES = [
  ['core.v1', 'k8s.io.api.core.v1', apiDir, 'core/v1', 'core-v1'],
  ['apps.v1', 'k8s.io.api.apps.v1', apiDir, 'apps/v1', 'apps-v1'],
  ['batch.v1', 'k8s.io.api.batch.v1', apiDir, 'batch/v1', 'batch-v1'],
  ['policy.v1', 'k8s.io.api.policy.v1', apiDir, 'policy/v1', 'policy-v1'],
  ['rbac.v1', 'k8s.io.api.rbac.v1', apiDir, 'rbac/v1', 'rbac-v1'],
  ['scheduling.v1', 'k8s.io.api.scheduling.v1', apiDir, 'scheduling/v1', 'scheduling-v1'],
  ['authentication.v1', 'k8s.io.api.authentication.v1', apiDir, 'authentication/v1', 'authentication-v1'],
  ['authorization.v1', 'k8s.io.api.authorization.v1', apiDir, 'authorization/v1', 'authorization-v1'],
  ['storage.v1', 'k8s.io.api.storage.v1', apiDir, 'storage/v1', 'storage-v1'],
  ['coordination.v1', 'k8s.io.api.coordination.v1', apiDir, 'coordination/v1', 'coordination-v1'],
  ['discovery.v1', 'k8s.io.api.discovery.v1', apiDir, 'discovery/v1', 'discovery-v1'],
  ['autoscaling.v1', 'k8s.io.api.autoscaling.v1', apiDir, 'autoscaling/v1', 'autoscaling-v1'],
  ['meta.v1', 'k8s.io.apimachinery.pkg.apis.meta.v1', machineryDir, 'pkg/apis/meta/v1', 'meta-v1'],
  ['runtime', 'k8s.io.apimachinery.pkg.runtime', machineryDir, 'pkg/runtime', 'util'],
  ['runtime.schema', 'k8s.io.apimachinery.pkg.runtime.schema', machineryDir, 'pkg/runtime/schema', 'util'],
  ['intstr', 'k8s.io.apimachinery.pkg.util.intstr', machineryDir, 'pkg/util/intstr', 'util'],
  ['resource', 'k8s.io.apimachinery.pkg.api.resource', machineryDir, 'pkg/api/resource', 'util'],
].map(([short, proto, repo, dir, file]) => ({ short, proto, repo, dir, file, title: `k8s.io/${repo === apiDir ? 'api' : 'apimachinery'}/${dir}` }));
const byProto = new Map(PACKAGES.map((p) => [p.proto, p]));

/** The kinds kubelab serves (api/registry.ts), and the ones kubectl posts to subresources. */
const ROOTS = {
  'core.v1': ['Namespace', 'Node', 'Pod', 'Service', 'Endpoints', 'ConfigMap', 'Secret', 'ServiceAccount', 'Event', 'PersistentVolume', 'PersistentVolumeClaim', 'ResourceQuota', 'LimitRange', 'Binding'],
  'apps.v1': ['Deployment', 'ReplicaSet', 'DaemonSet', 'StatefulSet', 'ControllerRevision'],
  'batch.v1': ['Job', 'CronJob'],
  'coordination.v1': ['Lease'],
  'discovery.v1': ['EndpointSlice'],
  'policy.v1': ['PodDisruptionBudget', 'Eviction'],
  'scheduling.v1': ['PriorityClass'],
  'storage.v1': ['StorageClass'],
  'rbac.v1': ['Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding'],
  'authentication.v1': ['TokenRequest', 'SelfSubjectReview'],
  'authorization.v1': ['SelfSubjectAccessReview', 'SubjectAccessReview', 'LocalSubjectAccessReview', 'SelfSubjectRulesReview'],
  'autoscaling.v1': ['Scale'],
  'meta.v1': ['DeleteOptions', 'Duration'],
  runtime: ['Unknown', 'RawExtension'],
};

/** Messages with their own MarshalJSON upstream (../well-known.ts): wire facts only. */
const SPECIAL = new Set(['meta.v1.Time', 'meta.v1.MicroTime', 'meta.v1.Duration', 'meta.v1.FieldsV1', 'resource.Quantity', 'intstr.IntOrString', 'runtime.RawExtension', 'runtime.Unknown', 'runtime.TypeMeta']);
const SCALARS = new Set(['string', 'bool', 'int32', 'int64', 'uint32', 'uint64', 'bytes', 'double', 'float']);

/** core/v1 is split by concept: a message goes to the first group whose roots reach it. */
const CORE_GROUPS = [
  ['core-v1-volume', ['Volume'], 'volumes and their sources'],
  ['core-v1-container', ['Container', 'EphemeralContainer'], 'containers (and ephemeral containers)'],
  ['core-v1-pod', ['Pod', 'PodTemplateSpec', 'Binding'], 'pods, their specs, scheduling and status'],
  ['core-v1-persistent-volume', ['PersistentVolume', 'PersistentVolumeClaim'], 'persistent volumes and claims'],
  ['core-v1-node', ['Node'], 'nodes'],
  ['core-v1-service', ['Service', 'Endpoints'], 'services and endpoints'],
  ['core-v1-objects', ['Namespace', 'ConfigMap', 'Secret', 'ServiceAccount', 'Event', 'ResourceQuota', 'LimitRange'], 'namespaces, config maps, secrets, service accounts, events, quotas, limit ranges'],
];

// ---- generated.proto: messages and their fields
const messages = new Map();
for (const p of PACKAGES) {
  const text = readFileSync(join(p.repo, p.dir, 'generated.proto'), 'utf8').replace(/\/\/.*$/gm, '');
  if (/package\s+([\w.]+);/.exec(text)?.[1] !== p.proto) throw new Error(`${p.dir}/generated.proto is not package ${p.proto}`);
  for (const m of text.matchAll(/message\s+(\w+)\s*\{([^}]*)\}/g)) {
    const fields = [];
    for (const line of m[2].split(';').map((s) => s.trim()).filter(Boolean)) {
      let f = /^map<\s*([\w.]+)\s*,\s*([\w.]+)\s*>\s+(\w+)\s*=\s*(\d+)$/.exec(line);
      if (f) fields.push({ label: 'map', key: f[1], type: f[2], name: f[3], number: +f[4] });
      else if ((f = /^(optional|repeated)\s+([\w.]+)\s+(\w+)\s*=\s*(\d+)$/.exec(line))) fields.push({ label: f[1], type: f[2], name: f[3], number: +f[4] });
      else if (!/^(reserved|option)\b/.test(line)) throw new Error(`cannot read ${p.short}.${m[1]}: ${line}`);
    }
    messages.set(`${p.short}.${m[1]}`, { pkg: p, name: m[1], fields });
  }
}

function qualify(pkg, type) {
  if (!type.startsWith('.')) return `${pkg.short}.${type}`;
  const dot = type.lastIndexOf('.');
  const target = byProto.get(type.slice(1, dot));
  if (!target) throw new Error(`no package for ${type}; add it to PACKAGES`);
  return `${target.short}.${type.slice(dot + 1)}`;
}

// ---- Go struct tags: per message, per field number
const goFields = new Map();
const goSliceTypes = new Set();
for (const p of PACKAGES) {
  for (const file of readdirSync(join(p.repo, p.dir))) {
    if (!file.endsWith('.go') || file.endsWith('_test.go') || /generated|^zz_/.test(file)) continue;
    const src = readFileSync(join(p.repo, p.dir, file), 'utf8');
    for (const m of src.matchAll(/^type\s+(\w+)\s+\[\]/gm)) goSliceTypes.add(`${p.short}.${m[1]}`);
    for (const m of src.matchAll(/^type\s+(\w+)\s+struct\s*\{\n([\s\S]*?)^\}/gm)) {
      const fields = new Map();
      for (const line of m[2].split('\n')) {
        const f = /^\s*(\S+)(?:\s+(\S+))?\s+`([^`]*)`/.exec(line);
        const pb = f && /protobuf:"([^"]*)"/.exec(f[3]);
        if (!f || f[1].startsWith('//') || !pb) continue;
        const [jsonName, ...opts] = (/json:"([^"]*)"/.exec(f[3])?.[1] ?? '').split(',');
        const embedded = f[2] === undefined;
        const goType = embedded ? f[1] : f[2];
        fields.set(+pb[1].split(',')[1], {
          json: jsonName,
          omitempty: opts.includes('omitempty'),
          inline: (embedded && jsonName === '') || opts.includes('inline'),
          pointer: goType.startsWith('*'),
          goType,
          pbName: pb[1].split(',').find((x) => x.startsWith('name='))?.slice(5),
        });
      }
      goFields.set(`${p.short}.${m[1]}`, fields);
    }
  }
}

// ---- what is reachable
const reachable = new Set();
const queue = Object.entries(ROOTS).flatMap(([pkg, names]) => names.map((n) => `${pkg}.${n}`));
while (queue.length) {
  const full = queue.shift();
  if (reachable.has(full)) continue;
  const msg = messages.get(full);
  if (!msg) throw new Error(`no message ${full}`);
  reachable.add(full);
  for (const f of msg.fields) if (!SCALARS.has(f.type)) queue.push(qualify(msg.pkg, f.type));
}

// ---- field specs
function spec(full, msg, f) {
  const special = SPECIAL.has(full);
  const go = special ? undefined : goFields.get(full)?.get(f.number);
  if (!special && !go) throw new Error(`${full}: no Go field with protobuf number ${f.number} (${f.name})`);
  if (go && !go.inline && go.pbName !== f.name) throw new Error(`${full} #${f.number}: proto name ${f.name}, Go tag ${go.pbName}`);
  if (go && !go.inline && !go.json) throw new Error(`${full}.${f.name}: no JSON name`);
  if (go && f.label === 'repeated' && !go.goType.startsWith('[]') && !goSliceTypes.has(`${msg.pkg.short}.${go.goType}`)) throw new Error(`${full}.${f.name}: repeated as ${go.goType}`);
  if (!SCALARS.has(f.type) && goSliceTypes.has(qualify(msg.pkg, f.type))) throw new Error(`${full}.${f.name}: a named slice type as a message; the decoder does not know those`);
  let elem = SCALARS.has(f.type) ? f.type : qualify(msg.pkg, f.type);
  if (elem.startsWith(`${msg.pkg.short}.`) && !elem.slice(msg.pkg.short.length + 1).includes('.')) elem = elem.slice(msg.pkg.short.length + 1);
  const type = f.label === 'map' ? `map[${f.key}]${elem}` : f.label === 'repeated' ? `[]${elem}` : (go?.pointer ? '*' : '') + elem;
  const json = special ? f.name : go.inline ? '-' : go.json;
  const flag = go?.inline ? ' inline' : go?.omitempty ? ' omitempty' : '';
  return `${f.number} ${json} ${type}${flag}`;
}

const coreFile = new Map();
for (const [file, roots] of CORE_GROUPS) {
  const pending = roots.map((r) => `core.v1.${r}`);
  while (pending.length) {
    const full = pending.shift();
    if (coreFile.has(full) || !full.startsWith('core.v1.')) continue;
    coreFile.set(full, file);
    const msg = messages.get(full);
    for (const f of msg.fields) if (!SCALARS.has(f.type)) pending.push(qualify(msg.pkg, f.type));
  }
}

const files = new Map(); // file → Map(package → [lines of each message])
for (const [full, msg] of messages) {
  if (!reachable.has(full)) continue;
  const file = msg.pkg.short === 'core.v1' ? coreFile.get(full) ?? 'core-v1-objects' : msg.pkg.file;
  if (!files.has(file)) files.set(file, new Map());
  const pkgs = files.get(file);
  if (!pkgs.has(msg.pkg.short)) pkgs.set(msg.pkg.short, []);
  pkgs.get(msg.pkg.short).push([`    ${msg.name}: [`, ...msg.fields.map((f) => `      '${spec(full, msg, f)}',`), '    ],']);
}

// ---- write
const constName = (s) => s.toUpperCase().replace(/[.-]/g, '_');
const written = [];
mkdirSync(OUT, { recursive: true });
for (const [file, pkgs] of files) {
  const names = [];
  const body = [];
  for (const [short, msgs] of pkgs) {
    const pkg = PACKAGES.find((p) => p.short === short);
    const name = file.startsWith('core-v1-') ? constName(file) : constName(short);
    names.push(name);
    body.push(`/** ${pkg.title} */`, `export const ${name}: PackageTable = {`, `  package: '${short}',`, '  messages: {', ...msgs.flat(), '  },', '};', '');
  }
  const group = CORE_GROUPS.find(([f]) => f === file);
  const what = group ? `k8s.io/api/core/v1, ${group[2]}` : [...pkgs.keys()].map((s) => PACKAGES.find((p) => p.short === s).title).join(', ');
  const header = ['/**', ` * Protobuf field table: ${what}.`, ' * Messages reachable from the kinds kubelab serves; format and sources in ../schema.ts.', ' */', "import type { PackageTable } from '../schema.js';", ''];
  writeFileSync(join(OUT, `${file}.ts`), [...header, ...body].join('\n'));
  written.push({ file, names });
}
const index = [
  '/**',
  ' * Every protobuf field table, for ../schema.ts. Generated from upstream generated.proto and',
  ' * the Go struct tags of the same packages (see ../schema.ts for the notation and sources).',
  ' */',
  "import type { PackageTable } from '../schema.js';",
  ...written.map((w) => `import { ${w.names.join(', ')} } from './${w.file}.js';`),
  '',
  'export const ALL_TABLES: readonly PackageTable[] = [',
  ...written.flatMap((w) => w.names.map((n) => `  ${n},`)),
  '];',
  '',
].join('\n');
writeFileSync(join(OUT, 'index.ts'), index);
console.log(`${reachable.size} messages in ${written.length} tables`);
