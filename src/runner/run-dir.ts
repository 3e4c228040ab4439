import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Each run gets its own folder, `runs/<UTC time>-<experiment>/`, holding its journal and later its
 * JUnit file, post-mortem and report. The time is compact and sortable (20261127T101500Z) and has
 * no colon, so the folder name works on every file system; a second run in the same second gets a
 * numbered suffix rather than sharing a folder.
 */
export function createRunDir(runsDir: string, experiment: string, nowMs: number): string {
  const stamp = new Date(nowMs).toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
  mkdirSync(runsDir, { recursive: true });
  for (let attempt = 1; ; attempt += 1) {
    const dir = join(runsDir, `${stamp}-${experiment}${attempt > 1 ? `-${attempt}` : ''}`);
    try {
      mkdirSync(dir);
      return dir;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}
