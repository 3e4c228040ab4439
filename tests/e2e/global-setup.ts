import { spawnSync } from 'node:child_process';

/**
 * The CLI tests run the built `dist/` exactly as `npx faultline` would, so build it once first.
 * tsc still writes JavaScript when it finds a type error; that is `npm run typecheck`'s business, so
 * a type error elsewhere does not stop the whole suite here.
 */
export default function setup(): void {
  const result = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
  if (result.status !== 0) process.stderr.write('global setup: tsc reported problems (see above); the e2e tests run what it emitted\n');
}
