/**
 * Probes and lifecycle hooks (validateProbe, validateHandler, validateLifecycle in
 * pkg/apis/core/validation): exactly one handler, non-negative timings, liveness and startup
 * probes with successThreshold 1.
 */
import { type Errs, forbidden, invalid, nonNegative, notSupported, required } from './field.js';
import { isHTTPHeaderName } from './formats.js';
import { validatePortNumOrName } from './int-or-string.js';
import { type Obj, arr, isObj, num, present, rec, recs, str } from './shape.js';

type ProbeKind = 'livenessProbe' | 'readinessProbe' | 'startupProbe';

/** A container probe of the given kind; gracePeriod is the pod's terminationGracePeriodSeconds. */
export function validateContainerProbe(kind: ProbeKind, probe: unknown, gracePeriod: number | undefined, field: string): Errs {
  if (!isObj(probe)) return [];
  const errs = validateProbe(probe, gracePeriod, field);
  const success = num(probe['successThreshold']) ?? 0;
  if ((kind === 'livenessProbe' || kind === 'startupProbe') && success !== 1) {
    errs.push(invalid(`${field}.successThreshold`, success, 'must be 1'));
  }
  if (kind === 'readinessProbe' && present(probe['terminationGracePeriodSeconds'])) {
    errs.push(invalid(`${field}.terminationGracePeriodSeconds`, probe['terminationGracePeriodSeconds'], 'must not be set for readinessProbes'));
  }
  return errs;
}

function validateProbe(probe: Obj, gracePeriod: number | undefined, field: string): Errs {
  const errs = validateHandler(probe, ['exec', 'httpGet', 'tcpSocket', 'grpc'], gracePeriod, field);
  for (const f of ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold']) {
    errs.push(...nonNegative(probe[f], `${field}.${f}`));
  }
  const tgps = num(probe['terminationGracePeriodSeconds']);
  if (tgps !== undefined && tgps <= 0) errs.push(invalid(`${field}.terminationGracePeriodSeconds`, tgps, 'must be greater than 0'));
  return errs;
}

export function validateLifecycle(lifecycle: unknown, gracePeriod: number | undefined, field: string): Errs {
  const lc = rec(lifecycle);
  const errs: Errs = [];
  for (const hook of ['postStart', 'preStop']) {
    if (isObj(lc[hook])) errs.push(...validateHandler(lc[hook], ['exec', 'httpGet', 'tcpSocket', 'sleep'], gracePeriod, `${field}.${hook}`));
  }
  return errs;
}

/** validateHandler: handler kinds are checked in upstream's order; the first one counts. */
function validateHandler(handler: Obj, kinds: readonly string[], gracePeriod: number | undefined, field: string): Errs {
  const errs: Errs = [];
  let count = 0;
  for (const kind of ['exec', 'httpGet', 'tcpSocket', 'grpc', 'sleep']) {
    if (!kinds.includes(kind) || !present(handler[kind])) continue;
    const p = `${field}.${kind}`;
    if (count > 0) {
      errs.push(forbidden(p, 'may not specify more than 1 handler type'));
      continue;
    }
    count++;
    const h = rec(handler[kind]);
    switch (kind) {
      case 'exec':
        if (arr(h['command']).length === 0) errs.push(required(`${p}.command`));
        break;
      case 'httpGet':
        errs.push(...validateHTTPGet(h, p));
        break;
      case 'tcpSocket':
        errs.push(...validatePortNumOrName(h['port'], `${p}.port`));
        break;
      case 'grpc':
        errs.push(...validatePortNumOrName(num(h['port']) ?? 0, `${p}.port`));
        break;
      case 'sleep': {
        const seconds = num(h['seconds']) ?? 0;
        if (gracePeriod !== undefined && (seconds <= 0 || seconds > gracePeriod)) {
          errs.push(
            invalid(
              p,
              seconds,
              `must be greater than 0 and less than terminationGracePeriodSeconds (${gracePeriod}). Enable AllowPodLifecycleSleepActionZeroValue feature gate for zero sleep.`,
            ),
          );
        }
        break;
      }
    }
  }
  if (count === 0) errs.push(required(field, 'must specify a handler type'));
  return errs;
}

function validateHTTPGet(h: Obj, field: string): Errs {
  const errs: Errs = [];
  if (str(h['path']) === '') errs.push(required(`${field}.path`));
  errs.push(...validatePortNumOrName(h['port'], `${field}.port`));
  const scheme = str(h['scheme']);
  if (scheme !== 'HTTP' && scheme !== 'HTTPS') errs.push(notSupported(`${field}.scheme`, scheme, ['HTTP', 'HTTPS']));
  for (const header of recs(h['httpHeaders'])) {
    const name = str(header['name']);
    for (const m of isHTTPHeaderName(name)) errs.push(invalid(`${field}.httpHeaders`, name, m));
  }
  return errs;
}
