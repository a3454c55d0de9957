/**
 * The snapshot errors that are not in ../errors.ts, worded as etcdctl words them so a lab
 * user who knows `etcdctl snapshot restore` recognises them.
 */
import { ErrSnapshotCorrupt, StoreError } from '../errors.js';

/**
 * The snapshot file does not exist. It is an ErrSnapshotCorrupt (the file cannot be used as a
 * snapshot), but its message is etcdctl's own (`Error: open x.db: no such file or directory`)
 * rather than a claim that something is damaged.
 */
export class ErrSnapshotNotFound extends ErrSnapshotCorrupt {
  /** The errno, for callers that test missing files the Node way. */
  readonly errno = 'ENOENT';

  constructor(path: string) {
    super(path, 'no such file or directory');
    this.message = `open ${path}: no such file or directory`;
  }
}

/**
 * Restore refuses a target that already holds something, so that it can never mix a restored
 * store into a live one. etcd 3.4 refused any existing directory (`data-dir "x" exists`);
 * etcdutl 3.5 accepts an empty one and words the refusal as below.
 */
export class ErrDataDirNotEmpty extends StoreError {
  constructor(readonly dataDir: string) {
    super('DataDirNotEmpty', `data-dir "${dataDir}" not empty or could not be read`);
  }
}
