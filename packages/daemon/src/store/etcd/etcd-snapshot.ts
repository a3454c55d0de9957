/**
 * `snapshot(path)` for the etcd backend: streams Maintenance.Snapshot to a temporary file
 * beside path, fsyncs it, renames it into place and fsyncs the directory, so path is either
 * the old file or the complete new one, never half of one.
 *
 * The file is etcd's own format, byte for byte what `etcdctl snapshot save` writes: the
 * member's bbolt database followed by the SHA-256 of it, which etcd appends to the stream
 * (etcdserver/api/v3rpc/maintenance.go). `etcdctl snapshot status` and `etcdctl snapshot
 * restore` read it; kubelab's SQLite backend does not (it is a different format). We check
 * the appended SHA-256 as etcdctl restore does, so a stream cut short is an error here
 * rather than a surprise at restore time.
 */
import { Buffer } from 'node:buffer';
import { createHash } from 'node:crypto';
import { closeSync, fsyncSync, openSync, readSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { ISnapshotResponse } from 'etcd3';
import type { SnapshotInfo } from '../backend.js';
import { ErrSnapshotCorrupt } from '../errors.js';
import { boltStatus } from './bolt-status.js';

const SHA256_SIZE = 32;

export interface SnapshotStream {
  on(event: 'data', fn: (r: ISnapshotResponse) => void): unknown;
  on(event: 'end', fn: () => void): unknown;
  on(event: 'error', fn: (err: Error) => void): unknown;
  cancel(): void;
}

/** Writes the stream to path atomically and reports it as etcdctl snapshot status would. */
export async function saveSnapshot(stream: SnapshotStream, path: string): Promise<SnapshotInfo> {
  const tmp = join(dirname(path), `.${basename(path)}.part-${process.pid}-${Date.now()}`);
  const fd = openSync(tmp, 'w', 0o600);
  let written = 0;
  const sha = createHash('sha256');
  // The last 32 bytes seen so far: the checksum, if the stream ends here.
  let tail = Buffer.alloc(0);
  try {
    await new Promise<void>((resolve, reject) => {
      stream.on('data', (r) => {
        try {
          const blob = r.blob ?? Buffer.alloc(0);
          writeSync(fd, blob);
          written += blob.length;
          const joined = Buffer.concat([tail, blob]);
          sha.update(joined.subarray(0, Math.max(0, joined.length - SHA256_SIZE)));
          tail = Buffer.from(joined.subarray(Math.max(0, joined.length - SHA256_SIZE)));
        } catch (err) {
          stream.cancel();
          reject(err);
        }
      });
      stream.on('error', reject);
      stream.on('end', resolve);
    });
    if (tail.length < SHA256_SIZE || !sha.digest().equals(tail)) {
      throw new ErrSnapshotCorrupt(path, 'the snapshot etcd sent does not match its SHA-256 checksum (stream cut short?)');
    }
    fsyncSync(fd);
  } catch (err) {
    closeSync(fd);
    rmSync(tmp, { force: true });
    throw err;
  }
  closeSync(fd);
  let status;
  const rfd = openSync(tmp, 'r');
  try {
    const readAt = (offset: number, length: number) => {
      const buf = Buffer.alloc(length);
      return buf.subarray(0, readSync(rfd, buf, 0, length, offset));
    };
    status = boltStatus(readAt, written - SHA256_SIZE, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  } finally {
    closeSync(rfd);
  }
  renameSync(tmp, path);
  const dirFd = openSync(dirname(path), 'r');
  try {
    fsyncSync(dirFd);
  } finally {
    closeSync(dirFd);
  }
  return { revision: status.revision, totalKey: status.totalKey, totalSize: written, hash: status.hash };
}
