/**
 * Finding the command in a command line, as cobra does: the longest run of leading words
 * that names a command ("rollout status", "create secret generic"), skipping flags and the
 * values of the global flags that may stand before it (`kubelab -n dev get pods`). The
 * command list is dist/command-index.json, written at build time from oclif's manifest.
 */
import { existsSync, readFileSync } from 'node:fs';

export interface CommandIndex {
  version: string;
  /** id ("rollout:status") → module path relative to the package root. */
  commands: Record<string, string>;
}

/** Global flags that take a value, for skipping them before the command words. */
const GLOBAL_VALUE_FLAGS = new Set(['-n', '--namespace', '--kubeconfig', '--context', '-s', '--server', '--token', '--data-dir', '--request-timeout']);

/** The CLI package's root (where package.json is), from any module inside it, bundled or not. */
export function packageRoot(from: string): URL {
  let dir = new URL('./', from);
  while (!existsSync(new URL('package.json', dir)) && dir.pathname !== '/') dir = new URL('../', dir);
  return dir;
}

export function readCommandIndex(url: URL): CommandIndex {
  return JSON.parse(readFileSync(url, 'utf8')) as CommandIndex;
}

export interface Located {
  /** The command id, or undefined when the first word names none. */
  id?: string;
  /** The first word when it names no command. */
  unknown?: string;
  /** argv without the command words. */
  rest: string[];
  help: boolean;
}

export function locateCommand(argv: readonly string[], ids: ReadonlySet<string>): Located {
  const words: Array<{ word: string; at: number }> = [];
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') break;
    if (a === '-h' || a === '--help') help = true;
    if (a.startsWith('-') && a.length > 1) {
      if (GLOBAL_VALUE_FLAGS.has(a) && words.length === 0) i++;
      continue;
    }
    words.push({ word: a, at: i });
  }
  if (words[0]?.word === 'help') return { help: true, rest: [], ...longest(words.slice(1), ids) };
  const found = longest(words, ids);
  if (found.id === undefined) return { help, rest: [...argv], ...(words[0] ? { unknown: words[0].word } : {}) };
  const drop = new Set(words.slice(0, found.count).map((w) => w.at));
  return { id: found.id, help, rest: argv.filter((_, i) => !drop.has(i)) };
}

function longest(words: Array<{ word: string }>, ids: ReadonlySet<string>): { id?: string; count: number } {
  let best: { id?: string; count: number } = { count: 0 };
  for (let n = 1; n <= words.length; n++) {
    const id = words
      .slice(0, n)
      .map((w) => w.word)
      .join(':');
    if (ids.has(id)) best = { id, count: n };
    else if (![...ids].some((c) => c.startsWith(`${id}:`))) break;
  }
  return best;
}

/** cobra's "Did you mean this?": commands within two edits, or that start with the word. */
export function suggestions(word: string, ids: Iterable<string>): string[] {
  const tops = [...new Set([...ids].map((id) => id.split(':')[0]!))];
  return tops.filter((c) => distance(word, c) <= 2 || c.startsWith(word)).sort();
}

function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
  }
  return d[a.length]![b.length]!;
}
