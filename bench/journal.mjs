// How fast can the experiment journal record events when every one is fsynced before append
// returns (src/runner/journal/writer.ts), and what does one append cost the runner's event loop?
//
// Baseline, measured in the same run: the same writer, same events, without the fsync (the line
// still goes to the kernel with one writeSync). The ratio is what durability costs.
//
// Goal: ≥ 200 events/s fsynced. A run records about ten events a second at its busiest (a load
// sample and an SLO snapshot each second, hypothesis checks, faults, alerts), so 200/s leaves a
// 20× margin; and the append's p99 is printed because the runner's timers wait while it blocks.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fmt, now, percentile, report, watchdog } from './lib.mjs';

const { JournalWriter } = await import(new URL('../dist/src/runner/journal/writer.js', import.meta.url).href);
const { systemClock } = await import(new URL('../dist/src/core/clock.js', import.meta.url).href);

const GOAL_EVENTS_PER_S = 200;
const SECONDS = 3;
const MAX_EVENTS = 200_000;

watchdog(120_000, 'journal');

/** A load sample, the commonest event of a run (about 230 bytes as a line). */
const sample = (i) => ({ type: 'load_sample', second: 1795773600 + i, sent: 100 + (i % 7), ok: 99, failed: 1 + (i % 7), byOutcome: { 200: 99, 503: 1 + (i % 7) }, missed: 0, p50Ms: 12.5, p90Ms: 20.25, p99Ms: 31 + (i % 13), maxMs: 48 });

/** Append for `SECONDS` (or MAX_EVENTS), timing each call; returns events/s, latencies and bytes. */
function measure(fsync) {
  const dir = mkdtempSync(join(tmpdir(), 'faultline-bench-journal-'));
  try {
    const path = join(dir, 'journal.jsonl');
    const writer = JournalWriter.open(path, { clock: systemClock, fsync });
    const latencies = [];
    const started = now();
    const deadline = started + SECONDS * 1000;
    let t = started;
    for (let i = 0; i < MAX_EVENTS && t < deadline; i += 1) {
      writer.append(sample(i));
      const after = now();
      latencies.push(after - t);
      t = after;
    }
    const elapsed = t - started;
    const health = writer.close();
    if (health.written !== latencies.length) throw new Error(`only ${health.written} of ${latencies.length} events reached the disk`);
    latencies.sort((a, b) => a - b);
    return { perSecond: (latencies.length / elapsed) * 1000, events: latencies.length, p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: latencies[latencies.length - 1], bytes: statSync(path).size };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

console.log(`journal: appending load_sample events for ${SECONDS} s each, in ${tmpdir()}`);
measure(true); // warm-up: JIT, page cache, file-system metadata
const unsynced = measure(false);
const synced = measure(true);
const line = (name, r) =>
  `  ${name.padEnd(22)} ${fmt(r.perSecond, 0).padStart(9)} events/s  (${r.events} events, ${fmt(r.bytes / r.events, 0)} B each)  append p50 ${fmt(r.p50 * 1000, 0)} µs, p99 ${fmt(r.p99 * 1000, 0)} µs, max ${fmt(r.max, 2)} ms`;
console.log(line('unsynced (baseline)', unsynced));
console.log(line('fsynced (the journal)', synced));

const ratio = synced.perSecond / unsynced.perSecond;
report({
  name: 'journal fsynced events/s',
  figure: `${fmt(synced.perSecond, 0)} ev/s`,
  baseline: `unsynced ${fmt(unsynced.perSecond, 0)} ev/s`,
  ratio: fmt(ratio, 4),
  goal: `≥ ${GOAL_EVENTS_PER_S} ev/s`,
  pass: synced.perSecond >= GOAL_EVENTS_PER_S,
  line: `journal: ${fmt(synced.perSecond, 0)} fsynced events/s = ${fmt(ratio, 4)} × unsynced (${fmt(unsynced.perSecond, 0)}/s); goal ≥ ${GOAL_EVENTS_PER_S}/s`,
});
report({
  name: 'journal append p99 (fsynced)',
  figure: `${fmt(synced.p99, 2)} ms`,
  baseline: `unsynced ${fmt(unsynced.p99 * 1000, 0)} µs`,
  ratio: fmt(synced.p99 / unsynced.p99, 0),
  goal: '',
  line: `journal: one fsynced append blocks the event loop ${fmt(synced.p50, 2)} ms (p50), ${fmt(synced.p99, 2)} ms (p99), ${fmt(synced.max, 2)} ms (max)`,
});
