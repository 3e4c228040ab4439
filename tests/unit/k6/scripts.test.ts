import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * How the k6 files must be written to run in k6 and still be checked here. tsc cannot see these:
 * the k6 tsconfig resolves `./x.js` to x.ts as a bundler would, but k6 loads the path as written.
 */
const root = fileURLToPath(new URL('../../../', import.meta.url));
const k6Dir = join(root, 'load/k6');
const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? files(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : []));
const imports = (file: string) =>
  [...readFileSync(file, 'utf8').matchAll(/^\s*(import|export)\s+(type\s+)?[^'";]*?\s*from\s+'([^']+)'|^\s*import\s+'([^']+)'/gm)].map((m) => ({
    typeOnly: m[2] !== undefined,
    specifier: (m[3] ?? m[4]) as string,
  }));
const scripts = files(k6Dir);
const name = (file: string) => relative(root, file);

describe('the k6 files', () => {
  it('are found', () => {
    expect(scripts.map(name)).toEqual(expect.arrayContaining(['load/k6/constant-rate.ts', 'load/k6/ramping-rate.ts', 'load/k6/shop.ts', 'load/k6/lib/mix.ts', 'load/k6/lib/config.ts', 'load/k6/lib/thresholds.ts']));
  });

  it.each(scripts.map((file) => [name(file), file]))('%s imports local files by their .ts name (k6 resolves paths literally)', (_name, file) => {
    for (const { specifier } of imports(file).filter((i) => i.specifier.startsWith('.'))) {
      expect(specifier, specifier).toMatch(/\.ts$/);
      expect(existsSync(join(dirname(file), specifier)), specifier).toBe(true);
    }
  });

  it.each(scripts.filter((file) => file.includes('/lib/')).map((file) => [name(file), file]))('%s stays pure: no k6 module, and local imports for types only', (_name, file) => {
    for (const { specifier, typeOnly } of imports(file)) {
      expect(specifier, specifier).not.toMatch(/^k6(\/|$)/);
      // A value import of a .ts path would not compile in the main tsconfig (NodeNext) that type-checks these tests.
      if (specifier.startsWith('.')) expect(typeOnly, specifier).toBe(true);
      else throw new Error(`${specifier}: lib/ files import nothing from packages`);
    }
    const code = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
    expect(code).not.toMatch(/__ENV|__VU|__ITER|Math\.random/);
  });

  it('are type-checked by their own tsconfig, typed with a pinned @types/k6', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string>; devDependencies: Record<string, string> };
    expect(pkg.scripts['typecheck:k6']).toBe('tsc -p load/k6/tsconfig.json --noEmit');
    expect(pkg.devDependencies['@types/k6']).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
