/**
 * Containers of a pod spec (validateContainers, validateInitContainers, validateContainerCommon
 * and their helpers in pkg/apis/core/validation): names, images, ports, environment, volume
 * mounts, pull policy, resources, probes and lifecycle hooks, host port conflicts.
 */
import { type Errs, duplicate, forbidden, invalid, notFound, notSupported, required } from './field.js';
import { isValidPortName, isValidPortNum } from './formats.js';
import { validateEnv, validateEnvFrom } from './env.js';
import { isDNS1123Label } from './names.js';
import { validateLocalDescendingPath, validatePathNoBacksteps } from './paths.js';
import { validateContainerProbe, validateLifecycle } from './probe.js';
import { validateContainerResources } from './resources.js';
import { validateContainerSecurityContext } from './security-context.js';
import { type Obj, bool, isObj, num, present, rec, recs, str } from './shape.js';

export const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];

export interface PodContext {
  /** Volumes that passed validation, by name. */
  volumes: Map<string, Obj>;
  gracePeriod: number | undefined;
  restartPolicy: string;
  hostUsers: boolean;
}

export function validateContainers(containers: unknown, ctx: PodContext, field: string): Errs {
  const list = recs(containers);
  if (list.length === 0) return [required(field)];
  const errs: Errs = [];
  const names = new Set<string>();
  list.forEach((c, i) => {
    const p = `${field}[${i}]`;
    errs.push(...validateContainerCommon(c, ctx, p));
    const name = str(c['name']);
    if (names.has(name)) errs.push(duplicate(`${p}.name`, name));
    else names.add(name);
    if (present(c['lifecycle'])) errs.push(...validateLifecycle(c['lifecycle'], ctx.gracePeriod, `${p}.lifecycle`));
    for (const kind of ['livenessProbe', 'readinessProbe', 'startupProbe'] as const) {
      errs.push(...validateContainerProbe(kind, c[kind], ctx.gracePeriod, `${p}.${kind}`));
    }
    if (present(c['restartPolicy'])) errs.push(forbidden(`${p}.restartPolicy`, 'may not be set for non-init containers'));
  });
  errs.push(...hostPortConflicts(list, field));
  return errs;
}

export function validateInitContainers(initContainers: unknown, containers: unknown, ctx: PodContext, field: string): Errs {
  const errs: Errs = [];
  const names = new Set(recs(containers).map((c) => str(c['name'])));
  recs(initContainers).forEach((c, i) => {
    const p = `${field}[${i}]`;
    errs.push(...validateContainerCommon(c, ctx, p));
    let restartAlways = false;
    if (present(c['restartPolicy'])) {
      const rp = str(c['restartPolicy']);
      if (rp !== 'Always') errs.push(notSupported(`${p}.restartPolicy`, rp, ['Always']));
      restartAlways = rp === 'Always';
    }
    const name = str(c['name']);
    if (names.has(name)) errs.push(duplicate(`${p}.name`, name));
    else if (name !== '') names.add(name);
    // Init containers run one at a time, so their host ports only conflict within one container.
    errs.push(...hostPortConflicts([c], field));
    if (restartAlways) {
      if (present(c['lifecycle'])) errs.push(...validateLifecycle(c['lifecycle'], ctx.gracePeriod, `${p}.lifecycle`));
      for (const kind of ['livenessProbe', 'readinessProbe', 'startupProbe'] as const) {
        errs.push(...validateContainerProbe(kind, c[kind], ctx.gracePeriod, `${p}.${kind}`));
      }
    } else {
      for (const f of ['lifecycle', 'livenessProbe', 'readinessProbe', 'startupProbe']) {
        if (present(c[f])) errs.push(forbidden(`${p}.${f}`, 'may not be set for init containers without restartPolicy=Always'));
      }
    }
  });
  return errs;
}

function validateContainerCommon(c: Obj, ctx: PodContext, field: string): Errs {
  const errs: Errs = [];
  const name = str(c['name']);
  if (name === '') errs.push(required(`${field}.name`));
  else for (const m of isDNS1123Label(name)) errs.push(invalid(`${field}.name`, name, m));
  if (str(c['image']) === '') errs.push(required(`${field}.image`));
  const tmp = str(c['terminationMessagePolicy']);
  if (tmp === '') errs.push(required(`${field}.terminationMessagePolicy`));
  else if (tmp !== 'File' && tmp !== 'FallbackToLogsOnError') {
    errs.push(notSupported(`${field}.terminationMessagePolicy`, tmp, ['File', 'FallbackToLogsOnError']));
  }
  const mounts = new Map(recs(c['volumeMounts']).map((m) => [str(m['name']), str(m['mountPath'])]));
  const devices = new Map(recs(c['volumeDevices']).map((d) => [str(d['name']), str(d['devicePath'])]));
  errs.push(...validatePorts(c['ports'], `${field}.ports`));
  errs.push(...validateEnv(c['env'], `${field}.env`));
  errs.push(...validateEnvFrom(c['envFrom'], `${field}.envFrom`));
  errs.push(...validateVolumeMounts(c, devices, ctx.volumes, `${field}.volumeMounts`));
  errs.push(...validateVolumeDevices(c['volumeDevices'], mounts, ctx.volumes, `${field}.volumeDevices`));
  const policy = str(c['imagePullPolicy']);
  if (policy === '') errs.push(required(`${field}.imagePullPolicy`));
  else if (!PULL_POLICIES.includes(policy)) errs.push(notSupported(`${field}.imagePullPolicy`, policy, PULL_POLICIES));
  errs.push(...validateContainerResources(c['resources'], `${field}.resources`));
  errs.push(...validateResizePolicy(c['resizePolicy'], ctx.restartPolicy, `${field}.resizePolicy`));
  errs.push(...validateContainerSecurityContext(c['securityContext'], ctx.hostUsers, `${field}.securityContext`));
  return errs;
}

function validatePorts(ports: unknown, field: string): Errs {
  const errs: Errs = [];
  const names = new Set<string>();
  recs(ports).forEach((port, i) => {
    const p = `${field}[${i}]`;
    const name = str(port['name']);
    if (name !== '') {
      const msgs = isValidPortName(name);
      if (msgs.length > 0) for (const m of msgs) errs.push(invalid(`${p}.name`, name, m));
      else if (names.has(name)) errs.push(duplicate(`${p}.name`, name));
      else names.add(name);
    }
    const cp = num(port['containerPort']) ?? 0;
    if (cp === 0) errs.push(required(`${p}.containerPort`));
    else for (const m of isValidPortNum(cp)) errs.push(invalid(`${p}.containerPort`, cp, m));
    const hp = num(port['hostPort']) ?? 0;
    if (hp !== 0) for (const m of isValidPortNum(hp)) errs.push(invalid(`${p}.hostPort`, hp, m));
    const protocol = str(port['protocol']);
    if (protocol === '') errs.push(required(`${p}.protocol`));
    else if (!PROTOCOLS.includes(protocol)) errs.push(notSupported(`${p}.protocol`, protocol, PROTOCOLS));
  });
  return errs;
}

/** AccumulateUniqueHostPorts: one host port per protocol and host IP across the containers. */
function hostPortConflicts(containers: Obj[], field: string): Errs {
  const errs: Errs = [];
  const seen = new Set<string>();
  containers.forEach((c, ci) => {
    recs(c['ports']).forEach((port, pi) => {
      const hp = num(port['hostPort']) ?? 0;
      if (hp === 0) return;
      const key = `${str(port['protocol'])}/${str(port['hostIP'])}/${hp}`;
      if (seen.has(key)) errs.push(duplicate(`${field}[${ci}].ports[${pi}].hostPort`, key));
      else seen.add(key);
    });
  });
  return errs;
}

function validateVolumeMounts(c: Obj, devices: Map<string, string>, volumes: Map<string, Obj>, field: string): Errs {
  const errs: Errs = [];
  const mountPoints = new Set<string>();
  const privileged = bool(rec(c['securityContext'])['privileged']);
  recs(c['volumeMounts']).forEach((m, i) => {
    const p = `${field}[${i}]`;
    const name = str(m['name']);
    const mountPath = str(m['mountPath']);
    if (name === '') errs.push(required(`${p}.name`));
    if (!volumes.has(name)) errs.push(notFound(`${p}.name`, name));
    if (mountPath === '') errs.push(required(`${p}.mountPath`));
    if (mountPoints.has(mountPath)) errs.push(invalid(`${p}.mountPath`, mountPath, 'must be unique'));
    mountPoints.add(mountPath);
    if (devices.has(name)) errs.push(invalid(`${p}.name`, name, 'must not already exist in volumeDevices'));
    if ([...devices.values()].includes(mountPath)) errs.push(invalid(`${p}.mountPath`, mountPath, 'must not already exist as a path in volumeDevices'));
    const subPath = str(m['subPath']);
    const subPathExpr = str(m['subPathExpr']);
    if (isObj(volumes.get(name)?.['image'])) {
      if (subPath !== '') errs.push(invalid(`${p}.subPath`, subPath, 'not allowed in image volume sources'));
      if (subPathExpr !== '') errs.push(invalid(`${p}.subPathExpr`, subPathExpr, 'not allowed in image volume sources'));
    }
    // Upstream reports these two at the list's path, without the index.
    if (subPath !== '') errs.push(...validateLocalDescendingPath(subPath, `${field}.subPath`));
    if (subPathExpr !== '') {
      if (subPath !== '') errs.push(invalid(`${p}.subPathExpr`, subPathExpr, 'subPathExpr and subPath are mutually exclusive'));
      errs.push(...validateLocalDescendingPath(subPathExpr, `${field}.subPathExpr`));
    }
    if (present(m['mountPropagation'])) {
      const mp = str(m['mountPropagation']);
      const supported = ['Bidirectional', 'HostToContainer', 'None'];
      if (!supported.includes(mp)) errs.push(notSupported(`${field}.mountPropagation`, mp, supported));
      if (mp === 'Bidirectional' && !privileged) {
        errs.push(forbidden(`${field}.mountPropagation`, 'Bidirectional mount propagation is available only to privileged containers'));
      }
    }
    if (present(m['recursiveReadOnly'])) {
      const rro = str(m['recursiveReadOnly']);
      const p2 = `${field}.recursiveReadOnly`;
      if (rro === 'Enabled' || rro === 'IfPossible') {
        if (!bool(m['readOnly'])) errs.push(forbidden(p2, 'may only be specified when readOnly is true'));
        if (present(m['mountPropagation']) && str(m['mountPropagation']) !== 'None') {
          errs.push(forbidden(p2, 'may only be specified when mountPropagation is None or not specified'));
        }
      } else if (rro !== 'Disabled') errs.push(notSupported(p2, rro, ['Disabled', 'Enabled', 'IfPossible']));
    }
  });
  return errs;
}

function validateVolumeDevices(list: unknown, mounts: Map<string, string>, volumes: Map<string, Obj>, field: string): Errs {
  const errs: Errs = [];
  const paths = new Set<string>();
  const names = new Set<string>();
  recs(list).forEach((d, i) => {
    const p = `${field}[${i}]`;
    const name = str(d['name']);
    const path = str(d['devicePath']);
    const vol = volumes.get(name);
    if (name === '') errs.push(required(`${p}.name`));
    if (names.has(name)) errs.push(invalid(`${p}.name`, name, 'must be unique'));
    if (vol && !present(vol['persistentVolumeClaim']) && !present(vol['ephemeral'])) {
      errs.push(invalid(`${p}.name`, name, 'can only use volume source type of PersistentVolumeClaim or Ephemeral for block mode'));
    }
    if (!vol) errs.push(notFound(`${p}.name`, name));
    if (path === '') errs.push(required(`${p}.devicePath`));
    if (paths.has(path)) errs.push(invalid(`${p}.devicePath`, path, 'must be unique'));
    if (path !== '' && validatePathNoBacksteps(path, p).length > 0) errs.push(invalid(`${p}.devicePath`, path, "can not contain backsteps ('..')"));
    else paths.add(path);
    if (mounts.has(name)) errs.push(invalid(`${p}.name`, name, 'must not already exist in volumeMounts'));
    if ([...mounts.values()].includes(path)) errs.push(invalid(`${p}.devicePath`, path, 'must not already exist as a path in volumeMounts'));
    if (name !== '') names.add(name);
  });
  return errs;
}

function validateResizePolicy(list: unknown, podRestartPolicy: string, field: string): Errs {
  const errs: Errs = [];
  const seen = new Set<string>();
  recs(list).forEach((p, i) => {
    const resource = str(p['resourceName']);
    const policy = str(p['restartPolicy']);
    if (seen.has(resource)) errs.push(duplicate(`${field}[${i}]`, resource));
    seen.add(resource);
    if (resource === '') errs.push(required(field));
    else if (resource !== 'cpu' && resource !== 'memory') errs.push(notSupported(field, resource, ['cpu', 'memory']));
    if (policy === '') errs.push(required(field));
    else if (policy !== 'NotRequired' && policy !== 'RestartContainer') errs.push(notSupported(field, policy, ['NotRequired', 'RestartContainer']));
    if (podRestartPolicy === 'Never' && policy !== 'NotRequired') {
      errs.push(invalid(field, policy, "must be 'NotRequired' when `restartPolicy` is 'Never'"));
    }
  });
  return errs;
}

/** validateContainerOnlyForPod: the image of a real pod may not be padded with whitespace. */
export function validateImagesOnlyForPod(containers: unknown, field: string): Errs {
  const errs: Errs = [];
  recs(containers).forEach((c, i) => {
    const image = str(c['image']);
    if (image.trim() !== image) errs.push(invalid(`${field}[${i}].image`, image, 'must not have leading or trailing whitespace'));
  });
  return errs;
}
