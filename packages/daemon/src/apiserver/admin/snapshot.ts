/**
 * The snapshot endpoint: etcd's Maintenance.Snapshot, which streams a consistent copy of the
 * database to the client; etcdctl writes it to `<file>.part`, fsyncs and renames it. Here the
 * store writes its snapshot (trailer and sha256 included, see store/snapshot/format.ts) into
 * a private temporary directory, the file is opened and its name removed at once — the open
 * handle keeps the bytes, and nothing is left behind however the download ends — and the
 * bytes are streamed with their length, so a client can tell a whole file from a cut one.
 */
import { Buffer } from 'node:buffer';
import { mkdtempSync, rmSync } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Backend } from '../../store/backend.js';
import type { StreamResponse } from '../api-request.js';

const CHUNK = 1 << 20;

/** Response headers besides the length: what the snapshot holds. */
export const SNAPSHOT_REVISION_HEADER = 'x-kubelab-snapshot-revision';

export async function snapshot(backend: Backend, scratchDir = tmpdir()): Promise<StreamResponse> {
  const dir = mkdtempSync(join(scratchDir, 'kubelab-snapshot-'));
  let fh: FileHandle;
  let revision: number;
  try {
    revision = (await backend.snapshot(join(dir, 'snapshot.db'))).revision;
    fh = await open(join(dir, 'snapshot.db'), 'r');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  let size: number;
  try {
    size = (await fh.stat()).size;
  } catch (err) {
    await fh.close();
    throw err;
  }
  let stopped = false;
  let released = false;
  const release = async () => {
    if (released) return;
    released = true;
    await fh.close().catch(() => undefined);
  };
  async function* chunks(): AsyncGenerator<Buffer> {
    try {
      for (let pos = 0; pos < size && !stopped; ) {
        const buf = Buffer.allocUnsafe(Math.min(CHUNK, size - pos));
        const { bytesRead } = await fh.read(buf, 0, buf.length, pos);
        if (bytesRead === 0) throw new Error(`snapshot ended at byte ${pos} of ${size}`);
        pos += bytesRead;
        yield buf.subarray(0, bytesRead);
      }
    } finally {
      await release();
    }
  }
  return {
    status: 200,
    contentType: 'application/octet-stream',
    headers: { 'content-length': String(size), [SNAPSHOT_REVISION_HEADER]: String(revision) },
    // The HTTP server writes each chunk to the response as it is, and a response takes bytes;
    // StreamResponse's type names strings only because every other stream is text.
    stream: chunks(),
    // The client went away: stop, and let the file go even if the writer never resumes the
    // stream (FileHandle.close waits for a read in progress).
    close: () => {
      stopped = true;
      void release();
    },
  };
}
