/**
 * Store errors, with the messages etcd's clients print (etcdctl shows them after "Error: "),
 * so a lab user sees the same words whichever backend is behind the API server.
 * Each has a stable `code` for programs and for the HTTP admin endpoint.
 */
export class StoreError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Reading or watching history at or below a compaction. Carries the compact revision. */
export class ErrCompacted extends StoreError {
  constructor(readonly compactRevision: number) {
    super('Compacted', 'etcdserver: mvcc: required revision has been compacted');
  }
}

export class ErrFutureRev extends StoreError {
  constructor() {
    super('FutureRevision', 'etcdserver: mvcc: required revision is a future revision');
  }
}

export class ErrLeaseNotFound extends StoreError {
  constructor() {
    super('LeaseNotFound', 'etcdserver: requested lease not found');
  }
}

export class ErrLeaseExists extends StoreError {
  constructor() {
    super('LeaseExists', 'etcdserver: lease already exists');
  }
}

export class ErrLeaseTTLTooLarge extends StoreError {
  constructor() {
    super('LeaseTTLTooLarge', 'etcdserver: too large lease TTL');
  }
}

export class ErrDuplicateKey extends StoreError {
  constructor() {
    super('DuplicateKey', 'etcdserver: duplicate key given in txn request');
  }
}

export class ErrEmptyKey extends StoreError {
  constructor() {
    super('EmptyKey', 'etcdserver: key is not provided');
  }
}

export class ErrTooManyOps extends StoreError {
  constructor() {
    super('TooManyOps', 'etcdserver: too many operations in txn request');
  }
}

export class ErrRequestTooLarge extends StoreError {
  constructor() {
    super('RequestTooLarge', 'etcdserver: request is too large');
  }
}

export class ErrStoreClosed extends StoreError {
  constructor() {
    super('StoreClosed', 'kubelab: the store is closed');
  }
}

/** A second process (or a second store in this one) on a data directory already in use. */
export class ErrDataDirInUse extends StoreError {
  constructor(
    readonly dataDir: string,
    readonly holderPid?: number,
  ) {
    super(
      'DataDirInUse',
      `kubelab: data directory ${dataDir} is in use by another kubelabd` +
        (holderPid ? ` (pid ${holderPid})` : '') +
        '; stop it first (kubelab down) or choose another --data-dir',
    );
  }
}

/** A snapshot file that is truncated, corrupt, or not a snapshot. */
export class ErrSnapshotCorrupt extends StoreError {
  constructor(
    readonly path: string,
    detail: string,
  ) {
    super('SnapshotCorrupt', `snapshot ${path}: ${detail}`);
  }
}
