import { describe, expect, it } from 'vitest';
import { validateUpdate } from '../../src/validation/index.js';
import { container, createError, defaulted, pod, rt, updateError } from '../write-path.js';
import { DNS_LABEL, DNS_SUBDOMAIN, LABEL_VALUE, PORT_RANGE } from './messages.js';

const P = 'Pod "web" is invalid: ';

describe('creating a pod', () => {
  it('accepts a pod with one named container and an image', () => {
    expect(createError(pod())).toBeUndefined();
  });

  it.each([
    ['requires at least one container', { containers: [] }, 'spec.containers: Required value'],
    [
      'requires container names to be DNS labels',
      { containers: [container({ name: 'App' })] },
      `spec.containers[0].name: Invalid value: "App": ${DNS_LABEL}`,
    ],
    ['requires unique container names', { containers: [container(), container()] }, 'spec.containers[1].name: Duplicate value: "app"'],
    ['requires an image', { containers: [container({ image: undefined })] }, 'spec.containers[0].image: Required value'],
    [
      'refuses an image padded with whitespace',
      { containers: [container({ image: 'nginx ' })] },
      'spec.containers[0].image: Invalid value: "nginx ": must not have leading or trailing whitespace',
    ],
    [
      'refuses container ports above 65535',
      { containers: [container({ ports: [{ containerPort: 70000 }] })] },
      `spec.containers[0].ports[0].containerPort: Invalid value: 70000: ${PORT_RANGE}`,
    ],
    [
      'requires a containerPort',
      { containers: [container({ ports: [{ name: 'http' }] })] },
      'spec.containers[0].ports[0].containerPort: Required value',
    ],
    [
      'refuses unknown port protocols',
      { containers: [container({ ports: [{ containerPort: 80, protocol: 'HTTP' }] })] },
      'spec.containers[0].ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"',
    ],
    [
      'refuses port names longer than 15 characters',
      { containers: [container({ ports: [{ containerPort: 80, name: 'http-port-too-long' }] })] },
      'spec.containers[0].ports[0].name: Invalid value: "http-port-too-long": must be no more than 15 characters',
    ],
    [
      'refuses the same host port in two containers',
      {
        containers: [
          container({ ports: [{ containerPort: 80, hostPort: 8080 }] }),
          container({ name: 'sidecar', ports: [{ containerPort: 81, hostPort: 8080 }] }),
        ],
      },
      'spec.containers[1].ports[0].hostPort: Duplicate value: "TCP//8080"',
    ],
    [
      'requires requests to stay within limits',
      { containers: [container({ resources: { requests: { cpu: '2' }, limits: { cpu: '1' } } })] },
      'spec.containers[0].resources.requests: Invalid value: "2": must be less than or equal to cpu limit of 1',
    ],
    [
      'compares quantities across units and quotes them canonically',
      { containers: [container({ resources: { requests: { memory: '1024Mi' }, limits: { memory: '0.5Gi' } } })] },
      'spec.containers[0].resources.requests: Invalid value: "1Gi": must be less than or equal to memory limit of 512Mi',
    ],
    [
      'refuses negative quantities',
      { containers: [container({ resources: { requests: { cpu: '-1' } } })] },
      'spec.containers[0].resources.requests[cpu]: Invalid value: "-1": must be greater than or equal to 0',
    ],
    [
      'requires limits for extended resources',
      { containers: [container({ resources: { requests: { 'example.com/gpu': '1' } } })] },
      'spec.containers[0].resources.limits: Required value: Limit must be set for non overcommitable resources',
    ],
    [
      'reports a malformed quantity at its field',
      { containers: [container({ resources: { requests: { cpu: 'two' } } })] },
      `spec.containers[0].resources.requests[cpu]: Invalid value: "two": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`,
    ],
    [
      'refuses unknown restart policies',
      { restartPolicy: 'Sometimes' },
      'spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
    ],
    [
      'refuses unknown DNS policies',
      { dnsPolicy: 'Google' },
      'spec.dnsPolicy: Unsupported value: "Google": supported values: "ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"',
    ],
    ['requires dnsConfig with dnsPolicy None', { dnsPolicy: 'None' }, 'spec.dnsConfig: Required value: must provide `dnsConfig` when `dnsPolicy` is None'],
    [
      'refuses an activeDeadlineSeconds of 0',
      { activeDeadlineSeconds: 0 },
      'spec.activeDeadlineSeconds: Invalid value: 0: must be between 1 and 2147483647, inclusive',
    ],
    [
      'requires service account names to be DNS subdomains',
      { serviceAccountName: 'My_SA' },
      `spec.serviceAccountName: Invalid value: "My_SA": ${DNS_SUBDOMAIN}`,
    ],
    ['refuses ephemeral containers on create', { ephemeralContainers: [container({ name: 'debug' })] }, 'spec.ephemeralContainers: Forbidden: cannot be set on create'],
    [
      'requires host ports to equal container ports on the host network',
      { hostNetwork: true, containers: [container({ ports: [{ containerPort: 80, hostPort: 9090 }] })] },
      'spec.containers[0].ports[0].hostPort: Invalid value: 9090: must match `containerPort` when `hostNetwork` is true',
    ],
  ])('%s', (_name, spec, message) => {
    expect(createError(pod(spec))).toBe(P + message);
  });

  it('lists several problems in brackets', () => {
    expect(createError(pod({ restartPolicy: 'Sometimes', containers: [container({ image: '' })] }))).toBe(
      `${P}[spec.containers[0].image: Required value, spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"]`,
    );
  });
});

describe('container probes and hooks', () => {
  it.each([
    ['require a handler', { livenessProbe: { periodSeconds: 5 } }, 'spec.containers[0].livenessProbe: Required value: must specify a handler type'],
    [
      'allow only one handler',
      { readinessProbe: { exec: { command: ['true'] }, httpGet: { port: 80 } } },
      'spec.containers[0].readinessProbe.httpGet: Forbidden: may not specify more than 1 handler type',
    ],
    [
      'require a successThreshold of 1 for liveness',
      { livenessProbe: { exec: { command: ['true'] }, successThreshold: 3 } },
      'spec.containers[0].livenessProbe.successThreshold: Invalid value: 3: must be 1',
    ],
    [
      'refuse negative delays',
      { readinessProbe: { exec: { command: ['true'] }, initialDelaySeconds: -5 } },
      'spec.containers[0].readinessProbe.initialDelaySeconds: Invalid value: -5: must be greater than or equal to 0',
    ],
    ['require an exec command', { startupProbe: { exec: {} } }, 'spec.containers[0].startupProbe.exec.command: Required value'],
    ['require an httpGet port', { readinessProbe: { httpGet: {} } }, `spec.containers[0].readinessProbe.httpGet.port: Invalid value: 0: ${PORT_RANGE}`],
    [
      'require named ports to be IANA service names',
      { readinessProbe: { httpGet: { port: 'web_port' } } },
      'spec.containers[0].readinessProbe.httpGet.port: Invalid value: "web_port": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
    ],
    [
      'refuse unknown HTTP schemes',
      { readinessProbe: { httpGet: { port: 80, scheme: 'FTP' } } },
      'spec.containers[0].readinessProbe.httpGet.scheme: Unsupported value: "FTP": supported values: "HTTP", "HTTPS"',
    ],
    [
      'bound a preStop sleep by the grace period',
      { lifecycle: { preStop: { sleep: { seconds: 60 } } } },
      'spec.containers[0].lifecycle.preStop.sleep: Invalid value: 60: must be greater than 0 and less than terminationGracePeriodSeconds (30). Enable AllowPodLifecycleSleepActionZeroValue feature gate for zero sleep.',
    ],
  ])('%s', (_name, fields, message) => {
    expect(createError(pod({ containers: [container(fields)] }))).toBe(P + message);
  });

  it('refuses probes on init containers that do not restart', () => {
    const init = container({ name: 'init', livenessProbe: { exec: { command: ['true'] } } });
    expect(createError(pod({ initContainers: [init] }))).toBe(
      `${P}spec.initContainers[0].livenessProbe: Forbidden: may not be set for init containers without restartPolicy=Always`,
    );
  });

  it('accepts probes on sidecar init containers (restartPolicy Always)', () => {
    const sidecar = container({ name: 'proxy', restartPolicy: 'Always', readinessProbe: { tcpSocket: { port: 15000 } } });
    expect(createError(pod({ initContainers: [sidecar] }))).toBeUndefined();
  });

  it('refuses an init container named like a regular one', () => {
    expect(createError(pod({ initContainers: [container()] }))).toBe(`${P}spec.initContainers[0].name: Duplicate value: "app"`);
  });

  it('refuses restartPolicy on regular containers', () => {
    expect(createError(pod({ containers: [container({ restartPolicy: 'Always' })] }))).toBe(
      `${P}spec.containers[0].restartPolicy: Forbidden: may not be set for non-init containers`,
    );
  });
});

describe('volumes and mounts', () => {
  const mount = (o: Record<string, unknown> = {}) => ({ name: 'data', mountPath: '/data', ...o });

  it.each([
    ['require unique names', { volumes: [{ name: 'data' }, { name: 'data' }] }, 'spec.volumes[1].name: Duplicate value: "data"'],
    ['require DNS-label names', { volumes: [{ name: 'Data' }] }, `spec.volumes[0].name: Invalid value: "Data": ${DNS_LABEL}`],
    [
      'allow one source each',
      { volumes: [{ name: 'data', emptyDir: {}, hostPath: { path: '/tmp' } }] },
      'spec.volumes[0].hostPath: Forbidden: may not specify more than 1 volume type',
    ],
    ['require a configMap name', { volumes: [{ name: 'data', configMap: {} }] }, 'spec.volumes[0].configMap.name: Required value'],
    [
      'bound file modes to 0777',
      { volumes: [{ name: 'data', secret: { secretName: 's', defaultMode: 777 } }] },
      'spec.volumes[0].secret.defaultMode: Invalid value: 777: must be a number between 0 and 0777 (octal), both inclusive',
    ],
    [
      'refuse unknown hostPath types',
      { volumes: [{ name: 'data', hostPath: { path: '/srv', type: 'Folder' } }] },
      'spec.volumes[0].hostPath.type: Unsupported value: "Folder": supported values: "", "BlockDevice", "CharDevice", "Directory", "DirectoryOrCreate", "File", "FileOrCreate", "Socket"',
    ],
    [
      'keep item paths relative',
      { volumes: [{ name: 'data', configMap: { name: 'cm', items: [{ key: 'a', path: '../a' }] } }] },
      `spec.volumes[0].configMap.items[0].path: Invalid value: "../a": must not contain '..'`,
    ],
    [
      'require unique mount paths',
      { volumes: [{ name: 'data' }, { name: 'logs' }], containers: [container({ volumeMounts: [mount(), mount({ name: 'logs' })] })] },
      'spec.containers[0].volumeMounts[1].mountPath: Invalid value: "/data": must be unique',
    ],
    [
      'keep subPaths relative (reported at the list, as upstream does)',
      { volumes: [{ name: 'data' }], containers: [container({ volumeMounts: [mount({ subPath: '/etc' })] })] },
      'spec.containers[0].volumeMounts.subPath: Invalid value: "/etc": must be a relative path',
    ],
  ])('%s', (_name, spec, message) => {
    expect(createError(pod(spec))).toBe(P + message);
  });

  it('names a mount of an undeclared volume "Not found"', () => {
    expect(createError(pod({ containers: [container({ volumeMounts: [mount()] })] }))).toBe(
      `${P}spec.containers[0].volumeMounts[0].name: Not found: "data"`,
    );
  });
});

describe('environment', () => {
  it.each([
    ['requires names', [{ value: 'x' }], 'spec.containers[0].env[0].name: Required value'],
    [
      "allows any printable ASCII but '=' in names (relaxed validation, on in 1.32)",
      [{ name: 'A=B', value: 'x' }],
      `spec.containers[0].env[0].name: Invalid value: "A=B": a valid environment variable name must consist only of printable ASCII characters other than '='`,
    ],
    [
      'takes one value source',
      [{ name: 'A', valueFrom: { configMapKeyRef: { name: 'c', key: 'k' }, secretKeyRef: { name: 's', key: 'k' } } }],
      'spec.containers[0].env[0].valueFrom: Invalid value: "": may not have more than one field specified at a time',
    ],
    [
      'does not combine value and valueFrom',
      [{ name: 'A', value: 'x', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }],
      'spec.containers[0].env[0].valueFrom: Invalid value: "": may not be specified when `value` is not empty',
    ],
    [
      'offers only some pod fields through the downward API',
      [{ name: 'A', valueFrom: { fieldRef: { fieldPath: 'spec.schedulerName' } } }],
      'spec.containers[0].env[0].valueFrom.fieldRef.fieldPath: Unsupported value: "spec.schedulerName": supported values: "metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName", "spec.serviceAccountName", "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs"',
    ],
    [
      'does not know other pod fields',
      [{ name: 'A', valueFrom: { fieldRef: { fieldPath: 'metadata.foo' } } }],
      'spec.containers[0].env[0].valueFrom.fieldRef.fieldPath: Invalid value: "metadata.foo": error converting fieldPath: field label not supported: metadata.foo',
    ],
  ])('%s', (_name, env, message) => {
    expect(createError(pod({ containers: [container({ env })] }))).toBe(P + message);
  });

  it('accepts labels through the downward API', () => {
    const env = [{ name: 'APP', valueFrom: { fieldRef: { fieldPath: "metadata.labels['app']" } } }];
    expect(createError(pod({ containers: [container({ env })] }))).toBeUndefined();
  });
});

describe('scheduling constraints', () => {
  it.each([
    [
      'tolerations with Exists take no value',
      { tolerations: [{ key: 'k', operator: 'Exists', value: 'x' }] },
      "spec.tolerations[0].operator: Invalid value: \"x\": value must be empty when `operator` is 'Exists'",
    ],
    [
      'tolerations without a key must use Exists',
      { tolerations: [{ operator: 'Equal' }] },
      'spec.tolerations[0].operator: Invalid value: "Equal": operator must be Exists when `key` is empty, which means "match all values and all keys"',
    ],
    [
      'toleration effects are the taint effects',
      { tolerations: [{ key: 'k', operator: 'Exists', effect: 'NoRun' }] },
      'spec.tolerations[0].effect: Unsupported value: "NoRun": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"',
    ],
    [
      'tolerationSeconds goes with NoExecute',
      { tolerations: [{ key: 'k', operator: 'Exists', effect: 'NoSchedule', tolerationSeconds: 30 }] },
      "spec.tolerations[0].effect: Invalid value: \"NoSchedule\": effect must be 'NoExecute' when `tolerationSeconds` is set",
    ],
    ['nodeSelector values are label values', { nodeSelector: { disk: 'fast ssd' } }, `spec.nodeSelector: Invalid value: "fast ssd": ${LABEL_VALUE}`],
    [
      'required node affinity needs a term',
      { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [] } } } },
      'spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms: Required value: must have at least one node selector term',
    ],
    [
      'node selector operators are In, NotIn, Exists, DoesNotExist, Gt, Lt',
      {
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'Equals', values: ['a'] }] }] },
          },
        },
      },
      'spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].operator: Invalid value: "Equals": not a valid selector operator',
    ],
    [
      'preferred terms weigh 1 to 100',
      { affinity: { podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 0, podAffinityTerm: { topologyKey: 'zone' } }] } } },
      'spec.affinity.podAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight: Invalid value: 0: must be in the range 1-100',
    ],
    [
      'topology spread needs a positive maxSkew',
      { topologySpreadConstraints: [{ maxSkew: 0, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule' }] },
      'spec.topologySpreadConstraints[0].maxSkew: Invalid value: 0: must be greater than zero',
    ],
  ])('%s', (_name, spec, message) => {
    expect(createError(pod(spec))).toBe(P + message);
  });
});

describe('updating a pod', () => {
  const UPDATABLE =
    'spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)\n';

  it.each([
    ['changing an image', pod({ containers: [container({ image: 'nginx:1.28' })] })],
    ['changing labels', pod({}, { labels: { tier: 'web' } })],
    ['adding a toleration', pod({ tolerations: [{ key: 'k', operator: 'Exists' }] })],
    ['shortening activeDeadlineSeconds', pod({ activeDeadlineSeconds: 10 })],
  ])('allows %s', (_name, next) => {
    const old = _name.startsWith('shortening') ? pod({ activeDeadlineSeconds: 30 }) : pod();
    expect(updateError(next, old)).toBeUndefined();
  });

  it.each([
    ['adding a container', pod({ containers: [container(), container({ name: 'b' })] }), 'spec.containers: Forbidden: pod updates may not add or remove containers'],
    ['removing an image', pod({ containers: [container({ image: '' })] }), 'spec.containers[0].image: Required value'],
  ])('refuses %s', (_name, next, message) => {
    expect(updateError(next, pod())).toBe(P + message);
  });

  it('refuses a longer activeDeadlineSeconds', () => {
    expect(updateError(pod({ activeDeadlineSeconds: 60 }), pod({ activeDeadlineSeconds: 30 }))).toBe(
      `${P}spec.activeDeadlineSeconds: Invalid value: 60: must be less than or equal to previous value`,
    );
  });

  it('refuses changing an existing toleration', () => {
    const old = pod({ tolerations: [{ key: 'k', operator: 'Exists' }] });
    expect(updateError(pod({ tolerations: [{ key: 'other', operator: 'Exists' }] }), old)).toBe(
      `${P}spec.tolerations: Forbidden: existing toleration can not be modified except its tolerationSeconds`,
    );
  });

  it.each([
    ['the environment', pod({ containers: [container({ env: [{ name: 'A', value: '1' }] })] }), 'containers'],
    ['the grace period', pod({ terminationGracePeriodSeconds: 5 }), 'terminationGracePeriodSeconds'],
    ['the node', pod({ nodeName: 'node-1' }), 'nodeName'],
  ])('refuses changing %s, naming the changed field', (_name, next, fieldName) => {
    const message = updateError(next, pod()) ?? '';
    expect(message.startsWith(P + UPDATABLE)).toBe(true);
    expect(message).toContain(`+ \t${fieldName}: `);
  });
});

describe('updating objects stored before their defaults existed', () => {
  it('compares with the stored pod in defaulted form, as upstream decodes it', () => {
    const stored = pod();
    const next = defaulted(pod({}, { labels: { tier: 'web' } }));
    expect(validateUpdate(rt('Pod'), next, stored)).toEqual([]);
  });
});
