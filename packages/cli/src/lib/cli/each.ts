/**
 * kubectl's way with several objects: do each, print each outcome as it comes, report each
 * failure on stderr without stopping, and fail the command at the end if any failed.
 */
import { errorText } from './report.js';

export async function forEachReporting<T>(items: readonly T[], fn: (item: T) => Promise<string | undefined>): Promise<boolean> {
  let failed = false;
  for (const item of items) {
    try {
      const line = await fn(item);
      if (line !== undefined) process.stdout.write(`${line}\n`);
    } catch (err) {
      failed = true;
      process.stderr.write(errorText(err));
    }
  }
  return !failed;
}
