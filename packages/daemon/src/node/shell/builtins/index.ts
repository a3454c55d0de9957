/**
 * Every tool a simulated image can have, by name. An image lists the ones it ships
 * (fixtures/images/*.yaml, `tools:`); busybox and alpine have nearly all, a distroless
 * image none, curlimages/curl adds curl. The shell itself is `sh` (interpreter.ts).
 */
import { SHELL } from '../sh.js';
import type { Executable } from '../process.js';
import { BASIC_TOOLS } from './basic.js';
import { curl } from './curl.js';
import { FILE_TOOLS } from './files.js';
import { NET_TOOLS } from './net.js';
import { TEXT_TOOLS } from './text.js';

export const TOOLS: ReadonlyMap<string, Executable> = new Map(
  [...BASIC_TOOLS, ...FILE_TOOLS, ...TEXT_TOOLS, ...NET_TOOLS, curl, SHELL].map((t) => [t.name, t]),
);

/** Names a shell answers to: all run the same interpreter. */
export const SHELL_NAMES = new Set(['sh', 'ash', 'bash', 'dash']);

/** The tool named `name`, if the image ships it (`sh` also as ash/bash/dash). */
export function toolFor(name: string, shipped: ReadonlySet<string>): Executable | undefined {
  const base = name.slice(name.lastIndexOf('/') + 1);
  if (!shipped.has(base)) return undefined;
  if (SHELL_NAMES.has(base)) return SHELL;
  return TOOLS.get(base);
}
