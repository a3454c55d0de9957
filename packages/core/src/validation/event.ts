/**
 * core/v1 Events (legacyValidateEvent in pkg/apis/core/validation/events.go): an event's
 * namespace must match its involved object's, and events with an eventTime (the new style)
 * must say who reported what.
 */
import type { KubeObject } from '../api/meta.js';
import { type Errs, invalid, required } from './field.js';
import { isDNS1123Subdomain, isQualifiedName } from './names.js';
import { present, rec, str } from './shape.js';

const LIMITS = { reportingInstance: 128, action: 128, reason: 128, message: 1024 } as const;

export function validateEvent(ev: KubeObject): Errs {
  const errs: Errs = [];
  const ns = ev.metadata?.namespace ?? '';
  const involvedNs = str(rec(ev['involvedObject'])['namespace']);
  const mismatch = (): void => void errs.push(invalid('involvedObject.namespace', involvedNs, 'does not match event.namespace'));
  if (!present(ev['eventTime'])) {
    if (involvedNs === '') {
      if (ns !== '' && ns !== 'default') mismatch();
    } else if (ns !== involvedNs) mismatch();
  } else {
    if (involvedNs === '' && ns !== 'default' && ns !== 'kube-system') mismatch();
    // core/v1 names reportingController "reportingComponent".
    const controller = str(ev['reportingComponent']);
    if (controller === '') errs.push(required('reportingComponent'));
    for (const m of isQualifiedName(controller)) errs.push(invalid('reportingComponent', controller, m));
    for (const f of ['reportingInstance', 'action', 'reason'] as const) {
      const v = str(ev[f]);
      if (v === '') errs.push(required(f));
      if (v.length > LIMITS[f]) errs.push(invalid(f, '', `can have at most ${LIMITS[f]} characters`));
    }
    if (str(ev['message']).length > LIMITS.message) errs.push(invalid('message', '', `can have at most ${LIMITS.message} characters`));
  }
  for (const m of isDNS1123Subdomain(ns)) errs.push(invalid('namespace', ns, m));
  return errs;
}
