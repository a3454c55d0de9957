/**
 * Pod and container security contexts (validatePodSpecSecurityContext, ValidateSecurityContext,
 * validateSeccompProfileField and ValidateAppArmorProfileField in pkg/apis/core/validation):
 * user and group IDs, seccomp and AppArmor profiles, procMount, sysctls.
 */
import { type Errs, duplicate, invalid, notSupported, required } from './field.js';
import { isValidID } from './formats.js';
import { validateLocalDescendingPath } from './paths.js';
import { type Obj, bool, isObj, num, present, rec, recs, str, strs } from './shape.js';

function validateID(value: unknown, field: string): Errs {
  const id = num(value);
  return id === undefined ? [] : isValidID(id).map((m) => invalid(field, id, m));
}

function validateSeccomp(sp: unknown, field: string): Errs {
  if (!isObj(sp)) return [];
  const errs: Errs = [];
  const type = str(sp['type']);
  if (type === '') errs.push(required(`${field}.type`, 'type is required when seccompProfile is set'));
  else if (!['Localhost', 'RuntimeDefault', 'Unconfined'].includes(type)) {
    errs.push(notSupported(`${field}.type`, type, ['Localhost', 'RuntimeDefault', 'Unconfined']));
  }
  if (type === 'Localhost') {
    if (!present(sp['localhostProfile'])) errs.push(required(`${field}.localhostProfile`, 'must be set when seccomp type is Localhost'));
    else errs.push(...validateLocalDescendingPath(str(sp['localhostProfile']), `${field}.localhostProfile`));
  } else if (present(sp['localhostProfile'])) {
    errs.push(invalid(`${field}.localhostProfile`, sp, 'can only be set when seccomp type is Localhost'));
  }
  return errs;
}

function validateAppArmor(profile: unknown, field: string): Errs {
  if (!isObj(profile)) return [];
  const type = str(profile['type']);
  const local = profile['localhostProfile'];
  switch (type) {
    case 'Localhost': {
      if (!present(local)) return [required(`${field}.localhostProfile`, 'must be set when AppArmor type is Localhost')];
      const text = str(local);
      if (text.trim() !== text) return [invalid(`${field}.localhostProfile`, text, 'must not be padded with whitespace')];
      if (text === '') return [required(`${field}.localhostProfile`, 'must be set when AppArmor type is Localhost')];
      return [];
    }
    case 'RuntimeDefault':
    case 'Unconfined':
      return present(local) ? [invalid(`${field}.localhostProfile`, local, 'can only be set when AppArmor type is Localhost')] : [];
    case '':
      return [required(`${field}.type`, 'type is required when appArmorProfile is set')];
    default:
      return [notSupported(`${field}.type`, type, ['Localhost', 'RuntimeDefault', 'Unconfined'])];
  }
}

const SYSCTL_MESSAGE = 'must have at most 253 characters and match regex ^([a-z0-9]([-_a-z0-9]*[a-z0-9])?[\\./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?$';
const SYSCTL_RE = /^([a-z0-9]([-_a-z0-9]*[a-z0-9])?[./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?$/;

export function validatePodSecurityContext(spec: Obj, field: string): Errs {
  const sc = spec['securityContext'];
  if (!isObj(sc)) return [];
  const errs = [
    ...validateID(sc['fsGroup'], `${field}.fsGroup`),
    ...validateID(sc['runAsUser'], `${field}.runAsUser`),
    ...validateID(sc['runAsGroup'], `${field}.runAsGroup`),
  ];
  (Array.isArray(sc['supplementalGroups']) ? sc['supplementalGroups'] : []).forEach((g, i) => errs.push(...validateID(g, `${field}.supplementalGroups[${i}]`)));
  if (bool(spec['shareProcessNamespace']) && bool(spec['hostPID'])) {
    errs.push(invalid(`${field}.shareProcessNamespace`, true, 'ShareProcessNamespace and HostPID cannot both be enabled'));
  }
  const seen = new Set<string>();
  recs(sc['sysctls']).forEach((s, i) => {
    const name = str(s['name']);
    const p = `${field}.sysctls[${i}].name`;
    if (name === '') errs.push(required(p));
    else if (name.length > 253 || !SYSCTL_RE.test(name)) {
      errs.push(invalid(p, name, SYSCTL_MESSAGE));
    } else if (seen.has(name)) errs.push(duplicate(p, name));
    seen.add(name);
  });
  if (present(sc['fsGroupChangePolicy']) && !['Always', 'OnRootMismatch'].includes(str(sc['fsGroupChangePolicy']))) {
    errs.push(notSupported(`${field}.fsGroupChangePolicy`, sc['fsGroupChangePolicy'], ['Always', 'OnRootMismatch']));
  }
  errs.push(...validateSeccomp(sc['seccompProfile'], `${field}.seccompProfile`));
  errs.push(...validateAppArmor(sc['appArmorProfile'], `${field}.appArmorProfile`));
  if (present(sc['supplementalGroupsPolicy']) && !['Merge', 'Strict'].includes(str(sc['supplementalGroupsPolicy']))) {
    errs.push(notSupported(`${field}.supplementalGroupsPolicy`, sc['supplementalGroupsPolicy'], ['Merge', 'Strict']));
  }
  if (present(sc['seLinuxChangePolicy']) && !['MountOption', 'Recursive'].includes(str(sc['seLinuxChangePolicy']))) {
    errs.push(notSupported(`${field}.seLinuxChangePolicy`, sc['seLinuxChangePolicy'], ['MountOption', 'Recursive']));
  }
  return errs;
}

export function validateContainerSecurityContext(sc: unknown, hostUsers: boolean, field: string): Errs {
  if (!isObj(sc)) return [];
  const errs = [...validateID(sc['runAsUser'], `${field}.runAsUser`), ...validateID(sc['runAsGroup'], `${field}.runAsGroup`)];
  if (present(sc['procMount'])) {
    const pm = str(sc['procMount']);
    if (pm !== 'Default' && pm !== 'Unmasked') errs.push(notSupported(`${field}.procMount`, pm, ['Default', 'Unmasked']));
    if (hostUsers && pm === 'Unmasked') errs.push(invalid(`${field}.procMount`, pm, '`hostUsers` must be false to use `Unmasked`'));
  }
  errs.push(...validateSeccomp(sc['seccompProfile'], `${field}.seccompProfile`));
  if (sc['allowPrivilegeEscalation'] === false) {
    if (bool(sc['privileged'])) errs.push(invalid(field, sc, 'cannot set `allowPrivilegeEscalation` to false and `privileged` to true'));
    if (strs(rec(sc['capabilities'])['add']).includes('CAP_SYS_ADMIN')) {
      errs.push(invalid(field, sc, 'cannot set `allowPrivilegeEscalation` to false and `capabilities.Add` CAP_SYS_ADMIN'));
    }
  }
  errs.push(...validateAppArmor(sc['appArmorProfile'], `${field}.appArmorProfile`));
  return errs;
}
