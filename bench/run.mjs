// Runs every benchmark in sequence, each in its own process (which starts its own proxy child),
// then prints a summary table. Exit code: 0 when every goal passed, 1 otherwise.
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';

const BENCHMARKS = ['throughput.mjs', 'round-trip.mjs', 'memory.mjs', 'fidelity.mjs', 'system.mjs', 'slo-compile.mjs', 'journal.mjs', 'load-generator.mjs'];

/** CPU time (user + system, all processes) over `ms`, as a share of every core: is the host idle? */
async function hostBusy(ms = 1000) {
  const read = () => {
    const [, ...fields] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
    const idle = fields[3] + fields[4];
    return { idle, total: fields.reduce((a, b) => a + b, 0) };
  };
  const before = read();
  await new Promise((resolve) => setTimeout(resolve, ms));
  const after = read();
  return 1 - (after.idle - before.idle) / (after.total - before.total);
}

function runOne(file) {
  return new Promise((resolve) => {
    const results = [];
    const child = fork(new URL(file, import.meta.url), [], { stdio: 'inherit' });
    child.on('message', (message) => message?.result && results.push(message.result));
    child.on('exit', (code, signal) => resolve({ results, code: code ?? signal }));
  });
}

console.log(
  `Faultline benchmarks — node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model.trim()}), ` +
    `load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`,
);
console.log('');

const rows = [];
let failed = false;
for (const file of BENCHMARKS) {
  // Other work on the host skews timing figures: say so next to them.
  const busy = await hostBusy();
  console.log(`[${file}] host CPU busy ${(busy * 100).toFixed(0)} % in the second before it started${busy > 0.15 ? ' — other processes are running; timing figures may be pessimistic' : ''}`);
  const started = Date.now();
  const { results, code } = await runOne(file);
  console.log(`  (${file} took ${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
  rows.push(...results);
  if (code !== 0) {
    failed = true;
    rows.push({ name: file, figure: `exited ${code}`, baseline: '', ratio: '', goal: '', status: 'ERROR' });
  }
  if (results.some((r) => r.status === 'FAIL')) failed = true;
}

const columns = [
  ['benchmark', 'name'],
  ['figure', 'figure'],
  ['baseline', 'baseline'],
  ['ratio', 'ratio'],
  ['goal', 'goal'],
  ['result', 'status'],
];
const widths = columns.map(([title, key]) => Math.max(title.length, ...rows.map((row) => String(row[key] ?? '').length)));
const line = (cells) => cells.map((cell, i) => String(cell).padEnd(widths[i])).join('  ').trimEnd();
console.log('Summary');
console.log(line(columns.map(([title]) => title)));
console.log(line(widths.map((w) => '-'.repeat(w))));
for (const row of rows) console.log(line(columns.map(([, key]) => row[key] ?? '')));
const judged = rows.filter((row) => row.status !== 'info');
console.log(`\n${judged.filter((row) => row.status === 'PASS').length} of ${judged.length} goals met`);
process.exitCode = failed ? 1 : 0;
