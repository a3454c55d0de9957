/**
 * Which command lines start an interactive shell: a shell with no script to run (`sh`,
 * `/bin/bash`, `bash -l`, `sh -i`). Such a shell reads commands from its terminal — from
 * `kubectl exec -it` (routes/tty-shell.ts), or as a container's PID 1 with `stdin: true`,
 * from `kubectl attach` / `kubectl run -it`.
 */
const SHELLS = new Set(['sh', 'ash', 'bash', 'dash', 'zsh']);

export function isInteractiveShell(command: readonly string[]): boolean {
  const [program, ...args] = command;
  if (!program || !SHELLS.has(program.split('/').pop()!)) return false;
  return args.every((a) => a === '-i' || a === '-l' || a === '--login');
}
