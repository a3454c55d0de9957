/**
 * Colour, only for people: chalk is loaded when the stream is a terminal and NO_COLOR is
 * unset (https://no-color.org), and never otherwise — scripts and tests see plain text.
 */
import type { ChalkInstance } from 'chalk';

let chalk: ChalkInstance | undefined;

export function wantsColour(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv = process.env): boolean {
  return stream.isTTY === true && env['NO_COLOR'] === undefined && env['TERM'] !== 'dumb';
}

/** Loads chalk when stderr or stdout wants colour; main calls it once at start. */
export async function loadColour(): Promise<void> {
  if (!wantsColour(process.stderr) && !wantsColour(process.stdout)) return;
  chalk = (await import('chalk')).default;
}

export function red(s: string, stream: NodeJS.WriteStream = process.stderr): string {
  return chalk && wantsColour(stream) ? chalk.red(s) : s;
}

export function dim(s: string, stream: NodeJS.WriteStream = process.stderr): string {
  return chalk && wantsColour(stream) ? chalk.dim(s) : s;
}

export function green(s: string, stream: NodeJS.WriteStream = process.stdout): string {
  return chalk && wantsColour(stream) ? chalk.green(s) : s;
}
