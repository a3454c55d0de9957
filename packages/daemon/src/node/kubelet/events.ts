/**
 * The kubelet's event reasons (pkg/kubelet/events/event.go) and the messages it records
 * with them, word for word: people grep for these, and `kubectl describe pod` shows them.
 */
export const Reasons = {
  Pulling: 'Pulling',
  Pulled: 'Pulled',
  Failed: 'Failed',
  BackOff: 'BackOff',
  ErrImageNeverPull: 'ErrImageNeverPull',
  InspectFailed: 'InspectFailed',
  Created: 'Created',
  Started: 'Started',
  Killing: 'Killing',
  Unhealthy: 'Unhealthy',
  FailedMount: 'FailedMount',
  FailedCreatePodSandBox: 'FailedCreatePodSandBox',
  SandboxChanged: 'SandboxChanged',
  FailedPostStartHook: 'FailedPostStartHook',
  FailedPreStopHook: 'FailedPreStopHook',
  Starting: 'Starting',
  NodeAllocatableEnforced: 'NodeAllocatableEnforced',
  NodeHasSufficientMemory: 'NodeHasSufficientMemory',
  NodeHasNoDiskPressure: 'NodeHasNoDiskPressure',
  NodeHasSufficientPID: 'NodeHasSufficientPID',
  NodeReady: 'NodeReady',
  RegisteredNode: 'RegisteredNode',
} as const;

export const Messages = {
  pulling: (image: string) => `Pulling image "${image}"`,
  pulled: (image: string, took: string, withWaiting: string, size: number) =>
    `Successfully pulled image "${image}" in ${took} (${withWaiting} including waiting). Image size: ${size} bytes.`,
  alreadyPresent: (image: string) => `Container image "${image}" already present on machine`,
  failedToPull: (image: string, err: string) => `Failed to pull image "${image}": ${err}`,
  backOffPulling: (image: string) => `Back-off pulling image "${image}"`,
  neverPull: (image: string) => `Container image "${image}" is not present with pull policy of Never`,
  invalidImageName: (image: string) => `Failed to apply default image tag "${image}": couldn't parse image name "${image}": invalid reference format`,
  error: (reason: string) => `Error: ${reason}`,
  created: (name: string) => `Created container: ${name}`,
  started: (name: string) => `Started container ${name}`,
  stopping: (name: string) => `Stopping container ${name}`,
  failedLiveness: (name: string) => `Container ${name} failed liveness probe, will be restarted`,
  failedStartup: (name: string) => `Container ${name} failed startup probe, will be restarted`,
  backOffRestart: (name: string, pod: string) => `Back-off restarting failed container ${name} in pod ${pod}`,
  crashLoop: (delay: string, name: string, pod: string) => `back-off ${delay} restarting failed container=${name} pod=${pod}`,
  probeFailed: (kind: 'Liveness' | 'Readiness' | 'Startup', output: string) => `${kind} probe failed: ${output}`,
  sandboxChanged: 'Pod sandbox changed, it will be killed and re-created.',
  failedSandbox: (err: string) => `Failed to create pod sandbox: ${err}`,
  failedMount: (volume: string, err: string) => `MountVolume.SetUp failed for volume "${volume}" : ${err}`,
  startingKubelet: 'Starting kubelet.',
  allocatableEnforced: 'Updated Node Allocatable limit across pods',
  nodeStatus: (node: string, status: string) => `Node ${node} status is now: ${status}`,
};

/** format.Pod: "name_namespace(uid)", as kubelet messages name a pod. */
export function formatPod(pod: { metadata?: { name?: string; namespace?: string; uid?: string } }): string {
  const m = pod.metadata ?? {};
  return `${m.name ?? ''}_${m.namespace ?? ''}(${m.uid ?? ''})`;
}
