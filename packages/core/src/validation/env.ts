/**
 * Container environment (ValidateEnv, ValidateEnvFrom and the downward API selectors of
 * pkg/apis/core/validation). Variable names follow the relaxed rule of kube-apiserver 1.32
 * (RelaxedEnvironmentVariableValidation is on by default there).
 */
import { type Errs, invalid, notSupported, required } from './field.js';
import { isConfigMapKey, isRelaxedEnvVarName } from './formats.js';
import { isDNS1123Subdomain, isQualifiedName } from './names.js';
import { type Obj, isObj, present, rec, recs, str } from './shape.js';

const ENV_FIELD_PATHS = [
  'metadata.name', 'metadata.namespace', 'metadata.uid', 'spec.nodeName', 'spec.serviceAccountName',
  'status.hostIP', 'status.hostIPs', 'status.podIP', 'status.podIPs',
];
export const VOLUME_FIELD_PATHS = ['metadata.annotations', 'metadata.labels', 'metadata.name', 'metadata.namespace', 'metadata.uid'];
const RESOURCE_FIELD_PATHS = ['limits.cpu', 'limits.ephemeral-storage', 'limits.memory', 'requests.cpu', 'requests.ephemeral-storage', 'requests.memory'];
/** Fields the v1 downward API knows (ConvertDownwardAPIFieldLabel), before the per-use allow list. */
const KNOWN_POD_FIELDS = new Set([
  'metadata.annotations', 'metadata.labels', 'metadata.name', 'metadata.namespace', 'metadata.uid', 'spec.nodeName',
  'spec.restartPolicy', 'spec.serviceAccountName', 'spec.schedulerName', 'status.phase', 'status.hostIP', 'status.hostIPs',
  'status.podIP', 'status.podIPs', 'spec.host',
]);

export function validateEnv(env: unknown, field: string): Errs {
  const errs: Errs = [];
  recs(env).forEach((ev, i) => {
    const p = `${field}[${i}]`;
    const name = str(ev['name']);
    if (name === '') errs.push(required(`${p}.name`));
    else for (const m of isRelaxedEnvVarName(name)) errs.push(invalid(`${p}.name`, name, m));
    errs.push(...validateValueFrom(ev, `${p}.valueFrom`));
  });
  return errs;
}

function validateValueFrom(ev: Obj, field: string): Errs {
  if (!isObj(ev['valueFrom'])) return [];
  const vf = ev['valueFrom'];
  const errs: Errs = [];
  let sources = 0;
  if (present(vf['fieldRef'])) {
    sources++;
    errs.push(...validateObjectFieldSelector(rec(vf['fieldRef']), ENV_FIELD_PATHS, `${field}.fieldRef`));
  }
  if (present(vf['resourceFieldRef'])) {
    sources++;
    errs.push(...validateResourceFieldSelector(rec(vf['resourceFieldRef']), false, `${field}.resourceFieldRef`));
  }
  if (present(vf['configMapKeyRef'])) {
    sources++;
    errs.push(...validateKeySelector(rec(vf['configMapKeyRef']), `${field}.configMapKeyRef`));
  }
  if (present(vf['secretKeyRef'])) {
    sources++;
    errs.push(...validateKeySelector(rec(vf['secretKeyRef']), `${field}.secretKeyRef`));
  }
  if (sources === 0) {
    errs.push(invalid(field, '', 'must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`'));
  } else if (str(ev['value']) !== '') {
    errs.push(invalid(field, '', 'may not be specified when `value` is not empty'));
  } else if (sources > 1) {
    errs.push(invalid(field, '', 'may not have more than one field specified at a time'));
  }
  return errs;
}

/** A fieldPath like "metadata.labels['app']" split into path and subscript (SplitMaybeSubscriptedPath). */
function splitSubscript(fieldPath: string): { path: string; subscript?: string } {
  if (!fieldPath.endsWith("']")) return { path: fieldPath };
  const s = fieldPath.slice(0, -2);
  const i = s.indexOf("['");
  if (i <= 0) return { path: fieldPath };
  return { path: s.slice(0, i), subscript: s.slice(i + 2) };
}

export function validateObjectFieldSelector(fs: Obj, allowed: readonly string[], field: string): Errs {
  const apiVersion = str(fs['apiVersion']);
  const fieldPath = str(fs['fieldPath']);
  if (apiVersion === '') return [required(`${field}.apiVersion`)];
  if (fieldPath === '') return [required(`${field}.fieldPath`)];
  const { path, subscript } = splitSubscript(fieldPath);
  let conversionError: string | undefined;
  if (apiVersion !== 'v1') conversionError = `unsupported pod version: ${apiVersion}`;
  else if (subscript !== undefined && path !== 'metadata.annotations' && path !== 'metadata.labels') {
    conversionError = `field label does not support subscript: ${fieldPath}`;
  } else if (subscript === undefined && !KNOWN_POD_FIELDS.has(fieldPath)) conversionError = `field label not supported: ${fieldPath}`;
  if (conversionError) return [invalid(`${field}.fieldPath`, fieldPath, `error converting fieldPath: ${conversionError}`)];
  if (subscript !== undefined) {
    const key = path === 'metadata.annotations' ? subscript.toLowerCase() : subscript;
    return isQualifiedName(key).map((m) => invalid(field, key, m));
  }
  const internal = fieldPath === 'spec.host' ? 'spec.nodeName' : fieldPath;
  return allowed.includes(internal) ? [] : [notSupported(`${field}.fieldPath`, internal, allowed)];
}

const CPU_DIVISORS = new Set(['1m', '1']);
const BYTE_DIVISORS = new Set(['1', '1k', '1M', '1G', '1T', '1P', '1E', '1Ki', '1Mi', '1Gi', '1Ti', '1Pi', '1Ei']);
const BYTE_DIVISOR_TEXT = '1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi, 1Ei';

export function validateResourceFieldSelector(fs: Obj, volume: boolean, field: string): Errs {
  const errs: Errs = [];
  const resource = str(fs['resource']);
  if (volume && str(fs['containerName']) === '') errs.push(required(`${field}.containerName`));
  else if (resource === '') errs.push(required(`${field}.resource`));
  else if (!RESOURCE_FIELD_PATHS.includes(resource) && !/^(requests|limits)\.hugepages-/.test(resource)) {
    errs.push(notSupported(`${field}.resource`, resource, RESOURCE_FIELD_PATHS));
  }
  const divisor = fs['divisor'];
  if (divisor !== undefined && divisor !== null && divisor !== '0' && divisor !== 0) {
    const d = String(divisor);
    if ((resource === 'limits.cpu' || resource === 'requests.cpu') && !CPU_DIVISORS.has(d)) {
      errs.push(invalid(`${field}.divisor`, resource, "only divisor's values 1m and 1 are supported with the cpu resource"));
    } else if ((resource === 'limits.memory' || resource === 'requests.memory') && !BYTE_DIVISORS.has(d)) {
      errs.push(invalid(`${field}.divisor`, resource, `only divisor's values ${BYTE_DIVISOR_TEXT} are supported with the memory resource`));
    } else if ((resource === 'limits.ephemeral-storage' || resource === 'requests.ephemeral-storage') && !BYTE_DIVISORS.has(d)) {
      errs.push(
        invalid(`${field}.divisor`, resource, `only divisor's values ${BYTE_DIVISOR_TEXT} are supported with the local ephemeral storage resource`),
      );
    }
  }
  return errs;
}

/** configMapKeyRef and secretKeyRef: a valid object name and a ConfigMap-style key. */
function validateKeySelector(sel: Obj, field: string): Errs {
  const name = str(sel['name']);
  const key = str(sel['key']);
  const errs = isDNS1123Subdomain(name).map((m) => invalid(`${field}.name`, name, m));
  if (key === '') errs.push(required(`${field}.key`));
  else for (const m of isConfigMapKey(key)) errs.push(invalid(`${field}.key`, key, m));
  return errs;
}

export function validateEnvFrom(envFrom: unknown, field: string): Errs {
  const errs: Errs = [];
  recs(envFrom).forEach((ev, i) => {
    const p = `${field}[${i}]`;
    const prefix = str(ev['prefix']);
    if (prefix !== '') for (const m of isRelaxedEnvVarName(prefix)) errs.push(invalid(`${p}.prefix`, prefix, m));
    let sources = 0;
    for (const kind of ['configMapRef', 'secretRef'] as const) {
      if (!present(ev[kind])) continue;
      sources++;
      const name = str(rec(ev[kind])['name']);
      if (name === '') errs.push(required(`${p}.${kind}.name`));
      else for (const m of isDNS1123Subdomain(name.endsWith('-') ? name.slice(0, -1) : name)) errs.push(invalid(`${p}.${kind}.name`, name, m));
    }
    if (sources === 0) errs.push(invalid(field, '', 'must specify one of: `configMapRef` or `secretRef`'));
    else if (sources > 1) errs.push(invalid(field, '', 'may not have more than one field specified at a time'));
  });
  return errs;
}
