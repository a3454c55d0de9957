/**
 * A progress line for long waits (rollout status, wait): on a terminal, a spinner with what
 * is awaited and the time so far, redrawn on stderr and erased when the wait ends; in a
 * script (stderr not a terminal) nothing at all.
 */
import { dim } from './colour.js';

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export interface Progress {
  update(text: string): void;
  stop(): void;
}

export function startProgress(text: string, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY) return { update: () => {}, stop: () => {} };
  const started = Date.now();
  let label = text;
  let frame = 0;
  const draw = () => {
    const secs = Math.floor((Date.now() - started) / 1000);
    stream.write(`\r\x1b[2K${dim(`${FRAMES[frame++ % FRAMES.length]} ${label} (${secs}s)`, stream)}`);
  };
  const timer = setInterval(draw, 100);
  timer.unref();
  draw();
  return {
    update: (t) => (label = t),
    stop: () => {
      clearInterval(timer);
      stream.write('\r\x1b[2K');
    },
  };
}
