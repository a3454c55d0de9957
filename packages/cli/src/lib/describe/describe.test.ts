import { describe, expect, it } from 'vitest';
import { describeConfigMap } from './simple.js';
import { describePod } from './pod.js';

const NOW = Date.parse('2026-11-24T05:10:00Z');

describe('kubectl describe text', () => {
  it('aligns a config map and its events as kubectl does', () => {
    const cm = { metadata: { name: 'c1', namespace: 'default', labels: { b: '2', a: '1' } }, data: { k: 'v' } };
    const events = [{ type: 'Normal', reason: 'Made', firstTimestamp: '2026-11-24T05:05:00Z', lastTimestamp: '2026-11-24T05:06:00Z', count: 3, source: { component: 'tester' }, message: 'hello ' }];
    expect(describeConfigMap(cm, events, NOW)).toBe(
      [
        'Name:         c1',
        'Namespace:    default',
        'Labels:       a=1',
        '              b=2',
        'Annotations:  <none>',
        '',
        'Data',
        '====',
        'k:',
        '----',
        'v',
        '',
        '',
        'BinaryData',
        '====',
        '',
        'Events:',
        '  Type    Reason  Age              From    Message',
        '  ----    ------  ----             ----    -------',
        '  Normal  Made    4m (x3 over 5m)  tester  hello',
        '',
      ].join('\n'),
    );
  });

  it('describes a pending pod without a node, with conditions and tolerations', () => {
    const pod = {
      metadata: { name: 'p', namespace: 'default' },
      spec: { containers: [{ name: 'c', image: 'nginx', ports: [{ containerPort: 80, protocol: 'TCP' }] }], tolerations: [{ key: 'k', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }] },
      status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False' }] },
    };
    const text = describePod(pod, [], NOW);
    expect(text).toContain('Name:         p\nNamespace:    default\nNode:         <none>\n');
    expect(text).toContain('    Port:         80/TCP\n    Host Port:    0/TCP\n');
    expect(text).toContain('Conditions:\n  Type           Status\n  PodScheduled   False \n');
    expect(text).toContain('Tolerations:     k:NoExecute op=Exists for 300s\n');
    expect(text.endsWith('Events:          <none>\n')).toBe(true);
  });
});
