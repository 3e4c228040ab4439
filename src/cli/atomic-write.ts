import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * Write a file to a temporary name in its folder and rename it into place: a rename within a
 * folder is atomic, so a crash or a full disk never leaves a half-written file for Prometheus, CI's
 * diff or a reader to find.
 */
export function atomicWrite(path: string, text: string): void {
  mkdirSync(dirname(resolve(path)), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, text);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}
