/**
 * The runtime shims a node can run: containerd (the default, as in kind and kubeadm
 * clusters), CRI-O, and cri-dockerd in front of Docker Engine. They share one engine
 * (engine.ts) and differ where a user can see it — data, not branches:
 *
 *   - the name and version in `kubectl get nodes -o wide` (CONTAINER-RUNTIME) and in every
 *     container ID: containerd://…, cri-o://…, docker://…;
 *   - how status.image and status.imageID name an image (Docker keeps the short name and a
 *     docker-pullable:// image ID);
 *   - the wording of a failed pull or a failed start, as each runtime words it.
 */
import type { ImageReference } from './image-reference.js';

export type RuntimeName = 'containerd' | 'cri-o' | 'cri-dockerd';

export interface RuntimeShim {
  /** The --node-runtime value. */
  name: RuntimeName;
  /** The scheme of container IDs and the first half of containerRuntimeVersion. */
  runtimeName: string;
  runtimeVersion: string;
  /** The CRI socket the kubelet is configured with (kubeadm's criSocket annotation). */
  endpoint: string;
  /** The pause image sandboxes run. */
  sandboxImage: string;
  /** status.containerStatuses[].image for a reference. */
  imageName(ref: ImageReference): string;
  /** status.containerStatuses[].imageID for an image pulled by ref with this digest. */
  imageRef(ref: ImageReference, digest: string): string;
  pullError(kind: 'tag-not-found' | 'repository-not-found' | 'registry-unreachable', ref: ImageReference): string;
  /** The message of a container whose command does not exist. */
  startError(command: string, containerId: string): string;
}

const OCI_EXEC_NOT_FOUND = (cmd: string) =>
  `OCI runtime create failed: runc create failed: unable to start container process: exec: "${cmd}": executable file not found in $PATH: unknown`;

export const SHIMS: Record<RuntimeName, RuntimeShim> = {
  containerd: {
    name: 'containerd',
    runtimeName: 'containerd',
    runtimeVersion: '1.7.24',
    endpoint: 'unix:///run/containerd/containerd.sock',
    sandboxImage: 'registry.k8s.io/pause:3.10',
    imageName: (ref) => ref.normalized,
    imageRef: (ref, digest) => `${ref.repository}@${digest}`,
    pullError(kind, ref) {
      const head = `failed to pull and unpack image "${ref.normalized}": failed to resolve reference "${ref.normalized}"`;
      switch (kind) {
        case 'tag-not-found':
          return `rpc error: code = NotFound desc = ${head}: ${ref.normalized}: not found`;
        case 'repository-not-found':
          return `rpc error: code = Unknown desc = ${head}: pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed`;
        case 'registry-unreachable':
          return `rpc error: code = Unknown desc = ${head}: failed to do request: Head "https://${ref.domain}/v2/${ref.path}/manifests/${ref.tag ?? ref.digest}": dial tcp: lookup ${ref.domain.split(':')[0]} on 10.96.0.10:53: no such host`;
      }
    },
    startError: (cmd) => `failed to create containerd task: failed to create shim task: ${OCI_EXEC_NOT_FOUND(cmd)}`,
  },
  'cri-o': {
    name: 'cri-o',
    runtimeName: 'cri-o',
    runtimeVersion: '1.32.1',
    endpoint: 'unix:///var/run/crio/crio.sock',
    sandboxImage: 'registry.k8s.io/pause:3.10',
    imageName: (ref) => ref.normalized,
    imageRef: (ref, digest) => `${ref.repository}@${digest}`,
    pullError(kind, ref) {
      const what = ref.tag ?? ref.digest ?? 'latest';
      switch (kind) {
        case 'tag-not-found':
          return `rpc error: code = Unknown desc = reading manifest ${what} in ${ref.repository}: manifest unknown`;
        case 'repository-not-found':
          return `rpc error: code = Unknown desc = reading manifest ${what} in ${ref.repository}: requested access to the resource is denied`;
        case 'registry-unreachable':
          return `rpc error: code = Unknown desc = pinging container registry ${ref.domain}: Get "https://${ref.domain}/v2/": dial tcp: lookup ${ref.domain.split(':')[0]}: no such host`;
      }
    },
    startError: (cmd) => `container create failed: executable file \`${cmd}\` not found in $PATH: No such file or directory`,
  },
  'cri-dockerd': {
    name: 'cri-dockerd',
    runtimeName: 'docker',
    runtimeVersion: '27.4.1',
    endpoint: 'unix:///var/run/cri-dockerd.sock',
    sandboxImage: 'registry.k8s.io/pause:3.10',
    imageName: (ref) => ref.familiar,
    imageRef: (ref, digest) => `docker-pullable://${ref.familiar.replace(/[:@].*$/, '')}@${digest}`,
    pullError(kind, ref) {
      const name = ref.familiar.replace(/[:@].*$/, '');
      switch (kind) {
        case 'tag-not-found':
          return `Error response from daemon: manifest for ${ref.familiar} not found: manifest unknown: manifest unknown`;
        case 'repository-not-found':
          return `Error response from daemon: pull access denied for ${name}, repository does not exist or may require 'docker login': denied: requested access to the resource is denied`;
        case 'registry-unreachable':
          return `Error response from daemon: Get "https://${ref.domain}/v2/": dial tcp: lookup ${ref.domain.split(':')[0]}: no such host`;
      }
    },
    startError: (cmd, id) => `failed to start container "${id}": Error response from daemon: failed to create task for container: failed to create shim task: ${OCI_EXEC_NOT_FOUND(cmd)}`,
  },
};

export function shimFor(name: string): RuntimeShim {
  const shim = SHIMS[name as RuntimeName];
  if (!shim) throw new Error(`unknown container runtime "${name}" (known: ${Object.keys(SHIMS).join(', ')})`);
  return shim;
}
