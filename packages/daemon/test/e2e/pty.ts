/**
 * A terminal for the real kubectl: util-linux's `script` gives it a pty, so `-it` goes raw and
 * sends keystrokes as typed, as from a user's terminal. The conversation is scripted: each
 * step waits until the screen shows a text, then types.
 */
import { execFileSync, spawn } from 'node:child_process';

export const hasScript = (() => {
  try {
    execFileSync('script', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

export interface PtyStep {
  /** Type once this text has appeared (after the previous step's typing). */
  after: string;
  send: string;
}

/** Runs command on a pty, types the steps, and resolves with its exit code and everything shown. */
export function ptySession(command: string, env: Record<string, string>, steps: PtyStep[], timeoutMs = 30_000): Promise<{ code: number | null; text: string }> {
  return new Promise((resolve) => {
    const child = spawn('script', ['-qefc', command, '/dev/null'], { env: { ...process.env, TERM: 'dumb', ...env } });
    let text = '';
    let from = 0;
    let next = 0;
    child.stdout.on('data', (d: Buffer) => {
      text += d.toString();
      while (next < steps.length && text.indexOf(steps[next]!.after, from) >= 0) {
        from = text.length;
        child.stdin.write(steps[next++]!.send);
      }
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, text });
    });
  });
}
