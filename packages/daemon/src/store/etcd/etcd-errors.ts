/**
 * etcd's gRPC errors as our StoreErrors, so the API server handles a real etcd exactly like
 * the embedded store. etcd sends each error as a gRPC status whose message is one of the
 * fixed texts in api/v3rpc/rpctypes/error.go ("etcdserver: ..."); we recognise the text,
 * not the status code, because several errors share a code (OutOfRange is both "compacted"
 * and "future revision") and because the etcd3 client re-wraps the error and keeps only its
 * message ("11 OUT_OF_RANGE: etcdserver: ...").
 */
import {
  ErrDuplicateKey,
  ErrEmptyKey,
  ErrFutureRev,
  ErrLeaseExists,
  ErrLeaseNotFound,
  ErrLeaseTTLTooLarge,
  ErrRequestTooLarge,
  ErrTooManyOps,
  StoreError,
} from '../errors.js';

/** etcd cannot be reached (connection refused, no leader, stream dropped). */
export class ErrEtcdUnavailable extends StoreError {
  constructor(
    readonly endpoints: readonly string[],
    detail: string,
  ) {
    super('Unavailable', `kubelab: etcd at ${endpoints.join(',')} is unavailable: ${detail}`);
  }
}

/**
 * A lease id that a JavaScript number cannot hold exactly. etcd's own ids are 64-bit
 * (idutil.Generator puts the member id in the top 16 bits), so leases granted by other etcd
 * clients (etcdctl, a kube-apiserver) are almost always above 2^53; rounding one would make
 * kubelab revoke or attach to the wrong lease.
 */
export class ErrLeaseIdTooLarge extends StoreError {
  constructor(readonly leaseId: string) {
    super(
      'LeaseIdTooLarge',
      `kubelab: lease ${leaseId} is above 2^53 and cannot be used through kubelab's store API ` +
        '(it was granted by another etcd client; kubelab grants its own leases with ids below 2^53)',
    );
  }
}

/** Any other error etcd reported; the message is etcd's own. */
export class ErrEtcd extends StoreError {
  constructor(message: string) {
    super('EtcdError', message);
  }
}

/** The text etcd sends for ErrCompacted; the caller looks up the compact revision itself. */
export const COMPACTED_TEXT = 'etcdserver: mvcc: required revision has been compacted';

const BY_TEXT: ReadonlyArray<[string, () => StoreError]> = [
  ['etcdserver: mvcc: required revision is a future revision', () => new ErrFutureRev()],
  ['etcdserver: requested lease not found', () => new ErrLeaseNotFound()],
  ['etcdserver: lease already exists', () => new ErrLeaseExists()],
  ['etcdserver: too large lease TTL', () => new ErrLeaseTTLTooLarge()],
  ['etcdserver: duplicate key given in txn request', () => new ErrDuplicateKey()],
  ['etcdserver: key is not provided', () => new ErrEmptyKey()],
  ['etcdserver: too many operations in txn request', () => new ErrTooManyOps()],
  ['etcdserver: request is too large', () => new ErrRequestTooLarge()],
  // etcd's NOSPACE alarm: writes are refused until someone compacts, defragments and disarms it.
  ['etcdserver: mvcc: database space exceeded', () => new StoreError('NoSpace', 'etcdserver: mvcc: database space exceeded')],
];

/** gRPC status names (as grpc-js prints them) that mean "etcd is not reachable right now". */
const UNAVAILABLE = /\b(UNAVAILABLE|DEADLINE_EXCEEDED|CANCELLED)\b|Connection dropped|RST_STREAM|client was already closed/;

/**
 * Maps an error thrown by the etcd3 client or grpc-js. Returns 'compacted' for ErrCompacted,
 * whose compact revision etcd does not send with the error (see EtcdBackend.compactRevision).
 */
export function fromEtcdError(err: unknown, endpoints: readonly string[]): StoreError | 'compacted' {
  if (err instanceof StoreError) return err;
  const message = err instanceof Error ? err.message : String(err);
  if (message.includes(COMPACTED_TEXT)) return 'compacted';
  for (const [text, make] of BY_TEXT) if (message.includes(text)) return make();
  // A request above the gRPC receive limit (etcd sets it to --max-request-bytes plus 512 KiB)
  // is refused by gRPC itself, before etcd's own size check can answer.
  if (/RESOURCE_EXHAUSTED/.test(message) && /larger than max/.test(message)) return new ErrRequestTooLarge();
  if (UNAVAILABLE.test(message)) return new ErrEtcdUnavailable(endpoints, message);
  const etcdText = /etcdserver: .*/.exec(message)?.[0];
  return new ErrEtcd(etcdText ?? message);
}
