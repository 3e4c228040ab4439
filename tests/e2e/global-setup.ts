import { execFileSync } from 'node:child_process';

/** The CLI tests run the built `dist/` exactly as `npx faultline` would, so build it once first. */
export default function setup(): void {
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
}
