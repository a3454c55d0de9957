import { describe, expect, it } from 'vitest';
import { container, createError, deployment, object, template, updateError } from '../write-path.js';
import { DNS_LABEL, DNS_SUBDOMAIN, LABEL_VALUE } from './messages.js';

const D = 'Deployment.apps "web" is invalid: ';
const MISMATCH = '`selector` does not match template `labels`';

describe('creating a deployment', () => {
  it('accepts a deployment whose selector matches its template', () => {
    expect(createError(deployment())).toBeUndefined();
  });

  it.each([
    ['refuses negative replicas', { replicas: -1 }, 'spec.replicas: Invalid value: -1: must be greater than or equal to 0'],
    [
      'requires a selector (and an absent selector matches no template)',
      { selector: undefined },
      `[spec.selector: Required value, spec.template.metadata.labels: Invalid value: {"app":"web"}: ${MISMATCH}]`,
    ],
    ['refuses a selector that does not match the template', { selector: { matchLabels: { app: 'api' } } }, `spec.template.metadata.labels: Invalid value: {"app":"web"}: ${MISMATCH}`],
    ['refuses an empty selector', { selector: {} }, 'spec.selector: Invalid value: {}: empty selector is invalid for deployment'],
    [
      'checks selector expressions',
      { selector: { matchExpressions: [{ key: 'app', operator: 'In' }] } },
      // The selector cannot be built either, so upstream also calls it invalid (and skips the template).
      "[spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn', spec.selector: Invalid value: {\"matchExpressions\":[{\"key\":\"app\",\"operator\":\"In\"}]}: invalid label selector]",
    ],
    [
      'refuses maxSurge and maxUnavailable both 0',
      { strategy: { rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } } },
      'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0',
    ],
    [
      'refuses maxUnavailable above 100%',
      { strategy: { rollingUpdate: { maxUnavailable: '150%' } } },
      'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: "150%": must not be greater than 100%',
    ],
    [
      'requires percentages to be numbers with %',
      { strategy: { rollingUpdate: { maxSurge: 'lots' } } },
      "spec.strategy.rollingUpdate.maxSurge: Invalid value: \"lots\": a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
    ],
    [
      'refuses rollingUpdate with the Recreate strategy',
      { strategy: { type: 'Recreate', rollingUpdate: { maxSurge: 1 } } },
      "spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'",
    ],
    [
      'refuses unknown strategies',
      { strategy: { type: 'BlueGreen' } },
      'spec.strategy: Unsupported value: {"type":"BlueGreen"}: supported values: "Recreate", "RollingUpdate"',
    ],
    ['refuses a negative revisionHistoryLimit', { revisionHistoryLimit: -1 }, 'spec.revisionHistoryLimit: Invalid value: -1: must be greater than or equal to 0'],
    [
      'requires the progress deadline to exceed minReadySeconds',
      { minReadySeconds: 30, progressDeadlineSeconds: 30 },
      'spec.progressDeadlineSeconds: Invalid value: 30: must be greater than minReadySeconds',
    ],
    [
      'requires pods that restart Always',
      { template: template({ restartPolicy: 'Never' }) },
      'spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"',
    ],
    [
      'refuses activeDeadlineSeconds (in ReplicaSet words, as upstream)',
      { template: template({ activeDeadlineSeconds: 60 }) },
      'spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in ReplicaSet is not Supported',
    ],
    [
      'validates the pod template under spec.template.spec',
      { template: template({ containers: [container({ image: '' })] }) },
      'spec.template.spec.containers[0].image: Required value',
    ],
    [
      'reports template labels at spec.template.labels, as upstream does',
      { template: template({}, { app: 'web', tier: 'front end' }) },
      `spec.template.labels: Invalid value: "front end": ${LABEL_VALUE}`,
    ],
  ])('%s', (_name, spec, message) => {
    expect(createError(deployment(spec))).toBe(D + message);
  });

  it('requires DNS subdomain names', () => {
    expect(createError(deployment({}, { name: 'Web' }))).toBe(`Deployment.apps "Web" is invalid: metadata.name: Invalid value: "Web": ${DNS_SUBDOMAIN}`);
  });
});

describe('updating a deployment', () => {
  it('allows scaling and changing the template', () => {
    expect(updateError(deployment({ replicas: 5, template: template({ containers: [container({ image: 'nginx:1.28' })] }) }), deployment())).toBeUndefined();
  });

  it('refuses changing the selector (apps/v1)', () => {
    const next = deployment({ selector: { matchLabels: { app: 'api' } }, template: template({}, { app: 'api' }) });
    expect(updateError(next, deployment())).toBe(`${D}spec.selector: Invalid value: {"matchLabels":{"app":"api"}}: field is immutable`);
  });
});

describe('replica sets', () => {
  const rs = (spec: Record<string, unknown> = {}) =>
    object('ReplicaSet', { spec: { selector: { matchLabels: { app: 'web' } }, template: template(), ...spec } });
  const R = 'ReplicaSet.apps "web" is invalid: ';

  it.each([
    ['accepts a matching template', {}, undefined],
    ['refuses negative minReadySeconds', { minReadySeconds: -1 }, `${R}spec.minReadySeconds: Invalid value: -1: must be greater than or equal to 0`],
    ['words the empty selector as upstream does ("for deployment")', { selector: {} }, `${R}spec.selector: Invalid value: {}: empty selector is invalid for deployment`],
  ])('%s', (_name, spec, message) => {
    expect(createError(rs(spec))).toBe(message);
  });

  it('refuses changing the selector', () => {
    expect(updateError(rs({ selector: { matchLabels: { app: 'web', v: '2' } }, template: template({}, { app: 'web', v: '2' }) }), rs())).toBe(
      `${R}spec.selector: Invalid value: {"matchLabels":{"app":"web","v":"2"}}: field is immutable`,
    );
  });
});

describe('daemon sets', () => {
  const ds = (spec: Record<string, unknown> = {}) =>
    object('DaemonSet', { spec: { selector: { matchLabels: { app: 'web' } }, template: template(), ...spec } });
  const DS = 'DaemonSet.apps "web" is invalid: ';

  it.each([
    ['accepts the defaults', {}, undefined],
    [
      'refuses surging while also making pods unavailable',
      { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 1 } } },
      `${DS}spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: 1: may not be set when maxUnavailable is non-zero`,
    ],
    [
      'requires one of maxSurge and maxUnavailable',
      { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 0 } } },
      `${DS}spec.updateStrategy.rollingUpdate.maxUnavailable: Required value: cannot be 0 when maxSurge is 0`,
    ],
    [
      'refuses unknown update strategies',
      { updateStrategy: { type: 'Canary' } },
      `${DS}spec.updateStrategy: Unsupported value: {"type":"Canary"}: supported values: "RollingUpdate", "OnDelete"`,
    ],
    ['only reports the template mismatch when the selector is missing', { selector: undefined }, `${DS}spec.template.metadata.labels: Invalid value: {"app":"web"}: ${MISMATCH}`],
    [
      'refuses activeDeadlineSeconds',
      { template: template({ activeDeadlineSeconds: 5 }) },
      `${DS}spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in DaemonSet is not Supported`,
    ],
  ])('%s', (_name, spec, message) => {
    expect(createError(ds(spec))).toBe(message);
  });
});

describe('stateful sets', () => {
  const sts = (spec: Record<string, unknown> = {}, meta: Record<string, unknown> = {}) =>
    object('StatefulSet', { spec: { serviceName: 'web', selector: { matchLabels: { app: 'web' } }, template: template(), ...spec } }, meta);
  const S = 'StatefulSet.apps "web" is invalid: ';

  it.each([
    ['accepts a matching template', {}, undefined],
    [
      'refuses unknown pod management policies',
      { podManagementPolicy: 'Random' },
      `${S}spec.podManagementPolicy: Invalid value: "Random": must be 'OrderedReady' or 'Parallel'`,
    ],
    [
      'refuses a negative partition',
      { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: -1 } } },
      `${S}spec.updateStrategy.rollingUpdate.partition: Invalid value: -1: must be greater than or equal to 0`,
    ],
    [
      'refuses rollingUpdate with OnDelete',
      { updateStrategy: { type: 'OnDelete', rollingUpdate: { partition: 1 } } },
      `${S}spec.updateStrategy.rollingUpdate: Invalid value: {"partition":1}: only allowed for updateStrategy 'RollingUpdate'`,
    ],
    ['refuses an empty selector', { selector: {} }, `${S}spec.selector: Invalid value: {}: empty selector is invalid for statefulset`],
    [
      'refuses unknown claim retention policies',
      { persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Keep' } },
      `${S}spec.persistentVolumeClaimRetentionPolicy.whenDeleted: Unsupported value: "Keep": supported values: "Retain", "Delete"`,
    ],
    // Upstream validates only the template's labels and annotations for StatefulSets.
    ['leaves the pod spec to pod creation', { template: template({ containers: [container({ image: '' })] }) }, undefined],
  ])('%s', (_name, spec, message) => {
    expect(createError(sts(spec))).toBe(message);
  });

  it('requires DNS-label names', () => {
    expect(createError(sts({}, { name: 'web.v1' }))).toBe(`StatefulSet.apps "web.v1" is invalid: metadata.name: Invalid value: "web.v1": ${DNS_LABEL}`);
  });

  it.each([
    ['replicas', { replicas: 3 }, undefined],
    ['the template', { template: template({ containers: [container({ image: 'nginx:1.28' })] }) }, undefined],
    [
      'the service name',
      { serviceName: 'other' },
      `${S}spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden`,
    ],
  ])('update of %s', (_name, spec, message) => {
    expect(updateError(sts(spec), sts())).toBe(message);
  });
});

describe('controller revisions', () => {
  it('require data', () => {
    expect(createError(object('ControllerRevision', { revision: 1 }))).toBe('ControllerRevision.apps "web" is invalid: data: Required value: data is mandatory');
  });

  it('keep data immutable', () => {
    const rev = (data: unknown) => object('ControllerRevision', { revision: 1, data });
    expect(updateError(rev({ a: 2 }), rev({ a: 1 }))).toBe('ControllerRevision.apps "web" is invalid: data: Invalid value: {"a":2}: field is immutable');
  });
});
