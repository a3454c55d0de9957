/**
 * The end of kubelabd.log as written by one start: `kubelab up` notes the log's size before it
 * starts the daemon and shows only what came after, so an old run's lines never pose as the
 * reason for this one's failure.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';

export function logSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

/** The last maxLines lines written after offset (at most 64 KiB of them). */
export function logTail(path: string, offset: number, maxLines = 20): string[] {
  let text: string;
  try {
    const size = statSync(path).size;
    const start = Math.max(offset, size - 65_536);
    const buf = Buffer.alloc(Math.max(0, size - start));
    const fd = openSync(path, 'r');
    try {
      readSync(fd, buf, 0, buf.length, start);
    } finally {
      closeSync(fd);
    }
    text = buf.toString('utf8');
  } catch {
    return [];
  }
  return text.split('\n').filter((l) => l.trim() !== '').slice(-maxLines);
}

/**
 * The reason kubelabd gave for failing: its last `kubelabd: …` line (main.ts prints fatal
 * errors so), without the program-name prefixes.
 */
export function failureReason(lines: string[]): string | undefined {
  const line = [...lines].reverse().find((l) => l.startsWith('kubelabd: '));
  return line?.replace(/^kubelabd: (kubelab: )?/, '');
}
