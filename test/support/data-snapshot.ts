import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Every file under a folder with a hash of its bytes, so a test can prove that a run of calls
 * left stored data (profiles, keys, secrets, logs, key files) exactly as it was.
 */
export async function snapshotDir(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const names = await readdir(dir, { recursive: true, withFileTypes: true });
  for (const entry of names) {
    if (!entry.isFile()) continue;
    const full = join(entry.parentPath, entry.name);
    out[full.slice(dir.length + 1)] = createHash('sha256').update(await readFile(full)).digest('hex');
  }
  return out;
}
