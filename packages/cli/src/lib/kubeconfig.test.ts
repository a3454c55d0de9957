import { describe, expect, it } from 'vitest';
import { connectionOf } from './kubeconfig.js';

const config = {
  apiVersion: 'v1',
  kind: 'Config',
  clusters: [
    { name: 'other', cluster: { server: 'https://other:6443', 'certificate-authority-data': Buffer.from('OTHER CA').toString('base64') } },
    { name: 'kubelab', cluster: { server: 'https://127.0.0.1:6443', 'certificate-authority-data': Buffer.from('KUBELAB CA').toString('base64') } },
  ],
  users: [{ name: 'kubelab', user: { token: 't0k3n' } }],
  contexts: [{ name: 'kubelab', context: { cluster: 'kubelab', user: 'kubelab' } }],
  'current-context': 'kubelab',
};

describe('reading a kubeconfig', () => {
  it("gives the current context's server, decoded certificate authority and token", () => {
    expect(connectionOf(config, 'kc')).toEqual({ server: 'https://127.0.0.1:6443', caPem: 'KUBELAB CA', token: 't0k3n' });
  });

  it('names what is missing', () => {
    expect(() => connectionOf({ ...config, 'current-context': 'gone' }, '/x/kubeconfig')).toThrow('kubeconfig /x/kubeconfig: context "gone" not found');
    expect(() => connectionOf({ ...config, users: [] }, 'kc')).toThrow('user "kubelab" has no token');
    expect(() => connectionOf({}, 'kc')).toThrow('no current-context');
  });
});
