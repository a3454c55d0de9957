/** File plumbing shared by save and restore: chunked reads, private files, durable renames. */
import { Buffer } from 'node:buffer';
import { chmodSync, closeSync, fsyncSync, openSync } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { FILE_MODE } from '../data-dir.js';

const CHUNK = 1 << 20;

/** Calls visit with bytes [start, end) of the file, in order, one MiB at a time. */
export async function forEachChunk(
  fh: FileHandle,
  start: number,
  end: number,
  visit: (chunk: Buffer) => void | Promise<void>,
): Promise<void> {
  const buf = Buffer.allocUnsafe(Math.min(CHUNK, Math.max(1, end - start)));
  for (let pos = start; pos < end; ) {
    const { bytesRead } = await fh.read(buf, 0, Math.min(buf.length, end - pos), pos);
    if (bytesRead === 0) throw new Error(`unexpected end of file at byte ${pos}`);
    await visit(buf.subarray(0, bytesRead));
    pos += bytesRead;
  }
}

/** Reads exactly length bytes at position (fewer only if the file is shorter). */
export async function readAt(fh: FileHandle, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  let done = 0;
  while (done < length) {
    const { bytesRead } = await fh.read(buf, done, length - done, position + done);
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  return buf.subarray(0, done);
}

/** Creates path empty, failing if it exists, as 0600 whatever the umask (etcd's snapshot files are 0600). */
export function createPrivateFile(path: string): void {
  closeSync(openSync(path, 'wx', FILE_MODE));
  chmodSync(path, FILE_MODE);
}

/** Makes a rename or a new entry in dir durable: fsync of the directory itself. */
export function fsyncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export async function fsyncFile(path: string): Promise<void> {
  const fh = await open(path, 'r+');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}
