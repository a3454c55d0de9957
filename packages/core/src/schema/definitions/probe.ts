/**
 * Probes and lifecycle hooks of containers and their handlers.
 */
import { obj, req, str, int32, int64, ref, arr, intOrString, type Definitions } from '../dsl.js';
import { core } from './names.js';

export const probeDefinitions: Definitions = {
  [core('Probe')]: obj('A health check the kubelet runs against a container; exactly one handler (exec, httpGet, tcpSocket or grpc) is set.', {
    exec: ref(core('ExecAction'), 'Run a command in the container.'),
    httpGet: ref(core('HTTPGetAction'), 'Send an HTTP GET request.'),
    tcpSocket: ref(core('TCPSocketAction'), 'Open a TCP connection.'),
    grpc: ref(core('GRPCAction'), 'Call the gRPC health checking service.'),
    initialDelaySeconds: int32('Seconds after the container starts before the first probe.'),
    timeoutSeconds: int32('Seconds after which a probe times out. Defaults to 1; minimum 1.'),
    periodSeconds: int32('How often, in seconds, to probe. Defaults to 10; minimum 1.'),
    successThreshold: int32(
      'Consecutive successes needed to count as passing after a failure. Defaults to 1; must be 1 for liveness and startup probes.',
    ),
    failureThreshold: int32('Consecutive failures needed to count as failing. Defaults to 3; minimum 1.'),
    terminationGracePeriodSeconds: int64(
      'Grace period used when a failed liveness or startup probe kills the container, overriding the pod\'s.',
    ),
  }),
  [core('ExecAction')]: obj('A command run inside the container.', {
    command: arr(str(), 'Command line, run without a shell; exit status 0 is success.', { list: 'atomic' }),
  }),
  [core('HTTPGetAction')]: obj('An HTTP GET request; any status from 200 to 399 is success.', {
    path: str('Path to request.'),
    port: req(intOrString('Port number or name on the container.')),
    host: str(
      'Host to connect to. Defaults to the pod IP; set a Host header in httpHeaders instead for virtual hosts.',
    ),
    scheme: str('HTTP (default) or HTTPS.', { enum: ['HTTP', 'HTTPS'] }),
    httpHeaders: arr(ref(core('HTTPHeader')), 'Custom headers for the request.', { list: 'atomic' }),
  }),
  [core('HTTPHeader')]: obj('A header of an HTTP request.', {
    name: req(str('Header name, canonicalized on output.')),
    value: req(str('Header value.')),
  }),
  [core('TCPSocketAction')]: obj('A TCP connection attempt; success when it connects.', {
    port: req(intOrString('Port number or name on the container.')),
    host: str('Host to connect to. Defaults to the pod IP.'),
  }),
  [core('GRPCAction')]: obj('A call to the standard gRPC health checking service.', {
    port: req(int32('Port number of the gRPC service.')),
    service: str('Service name passed in the health check request; empty asks about the server as a whole.'),
  }),
  [core('Lifecycle')]: obj('Actions around a container\'s start and stop.', {
    postStart: ref(
      core('LifecycleHandler'),
      'Runs right after the container is created; the container is killed and restarted per policy if it fails. Blocks the container from becoming running until it completes.',
    ),
    preStop: ref(
      core('LifecycleHandler'),
      'Runs before the container is stopped by an API request or management event (not by a plain exit); the grace period keeps counting while it runs.',
    ),
  }),
  [core('LifecycleHandler')]: obj('What a lifecycle hook does; exactly one handler is set.', {
    exec: ref(core('ExecAction'), 'Run a command in the container.'),
    httpGet: ref(core('HTTPGetAction'), 'Send an HTTP GET request.'),
    tcpSocket: ref(
      core('TCPSocketAction'),
      'Deprecated and not supported as a lifecycle handler; kept for compatibility.',
    ),
    sleep: ref(core('SleepAction'), 'Sleep for a while.'),
  }),
  [core('SleepAction')]: obj('A pause.', {
    seconds: req(int64('Seconds to sleep.')),
  }),
};
