/**
 * /version: what `kubectl version` shows as the server version. kubelab speaks the API of
 * Kubernetes 1.32 (the kubectl it is tested with); the build metadata says it is kubelab.
 */
export const KUBERNETES_MINOR = '32';
export const KUBELAB_VERSION = '0.1.0';

export function serverVersion() {
  return {
    major: '1',
    minor: KUBERNETES_MINOR,
    gitVersion: `v1.${KUBERNETES_MINOR}.0+kubelab.${KUBELAB_VERSION}`,
    gitCommit: 'kubelab',
    gitTreeState: 'clean',
    buildDate: '2026-11-24T00:00:00Z',
    goVersion: `node${process.versions.node}`,
    compiler: 'kubelab',
    platform: `${process.platform}/${process.arch === 'x64' ? 'amd64' : process.arch}`,
  };
}
