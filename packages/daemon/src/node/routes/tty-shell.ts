/**
 * `kubectl exec -it POD -- sh`: an interactive shell on a simulated terminal. kubectl puts
 * the user's terminal in raw mode and sends keystrokes as they are typed; a real pty's line
 * discipline echoes them, handles erase and interrupt, and hands the shell whole lines. This
 * is that line discipline plus a shell loop: each line runs through the kubelet's exec as
 * `sh -c LINE` in the same container, its output comes back with CRLF line ends, and a new
 * prompt follows. `exit [N]` or Ctrl-D on an empty line ends the session with that code.
 *
 * Simulated, and simpler than a shell: every line is its own `sh -c`, so `cd` and variables
 * do not carry over to the next line; arrow keys and other escape sequences are ignored.
 * The prompt is busybox's (`/ # `) for sh and ash, bash's (`root@POD:/# `) for bash.
 */
import type { ExecSyncResponse } from '../runtime/cri.js';
import type { RemoteCommandStreams } from './remote-command.js';

export interface TtyShellOptions {
  pod: string;
  command: readonly string[];
  run(line: string): Promise<ExecSyncResponse>;
  streams: RemoteCommandStreams;
  /** `exit N` or Ctrl-D; by default the session ends with the exit status (exec's way). */
  end?(exitCode: number): void;
}

export class TtyShell {
  private line = '';
  /** Keystrokes are handled one after another, waiting for any command they start. */
  private queue: Promise<void> = Promise.resolve();
  private escape: 'none' | 'esc' | 'csi' = 'none';
  private done = false;

  constructor(private readonly options: TtyShellOptions) {}

  start(): void {
    this.prompt();
  }

  input(text: string): void {
    this.queue = this.queue.then(async () => {
      for (const ch of text) {
        if (this.done) return;
        await this.key(ch);
      }
    });
  }

  private get promptText(): string {
    return this.options.command[0]!.endsWith('bash') ? `root@${this.options.pod}:/# ` : '/ # ';
  }

  private prompt(): void {
    this.options.streams.stdout(this.promptText);
  }

  private echo(text: string): void {
    this.options.streams.stdout(text);
  }

  private async key(ch: string): Promise<void> {
    // ESC [ ... final byte: cursor keys and the like, dropped.
    if (this.escape === 'esc') {
      this.escape = ch === '[' ? 'csi' : 'none';
      return;
    }
    if (this.escape === 'csi') {
      if (ch >= '@' && ch <= '~') this.escape = 'none';
      return;
    }
    switch (ch) {
      case '\x1b':
        this.escape = 'esc';
        return;
      case '\r':
      case '\n':
        this.echo('\n');
        return this.enter();
      case '\x7f':
      case '\b':
        if (this.line) {
          this.line = this.line.slice(0, -1);
          this.echo('\b \b');
        }
        return;
      case '\x03': // Ctrl-C: the line is abandoned
        this.line = '';
        this.echo('^C\n');
        return this.prompt();
      case '\x15': // Ctrl-U: erase the line
        this.echo('\b \b'.repeat(this.line.length));
        this.line = '';
        return;
      case '\x04': // Ctrl-D: end of input on an empty line
        if (!this.line) {
          this.echo('\n');
          return this.end(0);
        }
        return;
      default:
        if (ch < ' ') return;
        this.line += ch;
        this.echo(ch);
    }
  }

  private async enter(): Promise<void> {
    const line = this.line.trim();
    this.line = '';
    if (!line) return this.prompt();
    const exit = /^exit(?:\s+(\d+))?$/.exec(line);
    if (exit) return this.end(Number(exit[1] ?? 0));
    try {
      const result = await this.options.run(line);
      this.options.streams.stdout(result.stdout);
      this.options.streams.stderr(result.stderr);
    } catch (err) {
      this.options.streams.stderr(`${err instanceof Error ? err.message : String(err)}\n`);
    }
    this.prompt();
  }

  private end(code: number): void {
    this.done = true;
    if (this.options.end) this.options.end(code);
    else this.options.streams.finish(code, this.options.command);
  }
}
