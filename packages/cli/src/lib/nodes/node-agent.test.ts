import { describe, expect, it } from 'vitest';
import type { KubeConnection } from '../kube/connection.js';
import { agentArgs, agentEnv } from './node-agent.js';

const conn = { server: 'https://10.0.0.5:6443', token: 's3cret', caPem: '-----BEGIN CERTIFICATE-----\n', namespace: 'default', explicitNamespace: false, context: 'kubelab', local: false } as KubeConnection;

describe('kubelab node-agent', () => {
  it('passes the server and the nodes on the command line, the token and CA only in the environment', () => {
    const args = agentArgs(conn, { nodes: ['edge-1', 'edge-2'], cpu: '2', labels: 'zone=edge' });
    expect(args).toEqual(['--server', 'https://10.0.0.5:6443', '--nodes', 'edge-1,edge-2', '--cpu', '2', '--labels', 'zone=edge']);
    expect(args.join(' ')).not.toContain('s3cret');
    expect(agentEnv(conn, {})).toEqual({ KUBELAB_NODE_AGENT_TOKEN: 's3cret', KUBELAB_NODE_AGENT_CA_DATA: '-----BEGIN CERTIFICATE-----\n' });
  });

  it('refuses no nodes and bad values before anything starts', () => {
    expect(() => agentArgs(conn, { nodes: [] })).toThrow('--nodes is required');
    expect(() => agentArgs(conn, { nodes: ['a'], taints: 'gpu' })).toThrow('invalid taint spec: gpu');
  });
});
