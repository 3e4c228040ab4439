// Goal: compiling 1,000 SLOs takes ≤ 1 s: load (YAML parse, schema, model), compile and render the
// Prometheus rules of one SLO file holding 1,000 SLOs of every kind.
//
// Baseline, measured in the same run: what any compiler of this input to this output pays at the
// least with the same YAML library: `yaml.parse` of the SLO file plus `yaml.stringify` of the rule
// document the compiler writes (built beforehand, same options). The ratio says how much the
// compiler's own work (schema checks, the model, PromQL, window tables) adds to that floor.
//
// "Cold" is what one `faultline slo compile` pays: each cold figure is the median of fresh Node
// processes (modules imported before the clock starts), each compiling once. "Warm" is the median
// of repeated compiles in this process after a warm-up. The promtool tests (the other half of
// `slo compile`'s output) are timed separately, and the whole CLI (node start-up, the topology,
// writing both files) is timed end to end, for information.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';
import { fmt, median, now, report, watchdog } from './lib.mjs';

const SLO_COUNT = 1000;
const GOAL_MS = 1000;
const COLD_RUNS = 5;
const WARM_RUNS = 10;
const WARMUP_RUNS = 3;
const CLI_RUNS = 3;

const dist = (path) => new URL(`../dist/src/${path}`, import.meta.url).href;
const { parseSloSet } = await import(dist('slo/load.js'));
const { compileRules } = await import(dist('slo/rules.js'));
const { renderPrometheusRules, renderPromtoolTests } = await import(dist('slo/render.js'));
const { buildPromtoolTests } = await import(dist('slo/promtool-tests.js'));

/** The shipped topology's services and the calls between them (services/topology.yaml). */
const SERVICES = ['gateway', 'catalog', 'orders', 'payments', 'inventory'];
const CALLS = [['gateway', 'catalog'], ['gateway', 'orders'], ['catalog', 'inventory'], ['orders', 'inventory'], ['orders', 'payments']];
const ROUTES = [['GET', ['/products', '/products/:id']], ['POST', ['/orders']], ['GET', ['/orders/:id']], ['PUT', ['/stock/:sku']], ['POST', ['/payments']]];
const THRESHOLDS = [0.1, 0.25, 0.3, 0.5, 1, 2.5];
const OBJECTIVES = [99.9, 99.5, 99, 99.95, 99.99];
const PERIODS = ['30d', '30d', '30d', '28d', '7d'];

/**
 * 1,000 SLOs in one file, a realistic mix: 40 % availability and 30 % latency (method and routes),
 * 20 % dependency availability, 10 % custom PromQL; Workbook periods; labels on all, alerting
 * options, declared traffic and timeslice budgeting on some. Deterministic: the same file every run.
 */
function sloFile(count) {
  const lines = ['apiVersion: faultline.dev/v1', 'kind: SLOSet', 'metadata:', '  name: bench', 'slos:'];
  for (let i = 0; i < count; i++) {
    const kind = i % 10 < 4 ? 'availability' : i % 10 < 7 ? 'latency' : i % 10 < 9 ? 'client' : 'custom';
    const [method, routes] = ROUTES[i % ROUTES.length];
    const [service, peer] = kind === 'client' ? CALLS[i % CALLS.length] : [SERVICES[i % SERVICES.length]];
    lines.push(`  - service: ${service}`, `    name: ${kind}-${i}`, `    description: SLO number ${i} of the benchmark (${kind})`);
    lines.push(`    objective: ${kind === 'latency' ? [99, 95, 99.5][i % 3] : OBJECTIVES[i % OBJECTIVES.length]}`, `    period: ${PERIODS[i % PERIODS.length]}`);
    lines.push(`    labels: { team: team-${i % 7}, tier: "${1 + (i % 3)}", category: ${kind} }`);
    if (i % 3 === 0) lines.push(`    traffic: { expectedRate: ${[50, 20, 5][i % 9 === 0 ? 0 : i % 2 ? 1 : 2]} }`);
    if (i % 10 === 5) lines.push('    budgeting: { method: timeslices, sliceWindow: 5m, sliceObjective: 95 }');
    lines.push('    sli:');
    if (kind === 'availability') lines.push(`      availability: { method: ${method}, routes: [${routes.join(', ')}] }`);
    if (kind === 'latency') lines.push(`      latency: { threshold: ${THRESHOLDS[i % THRESHOLDS.length]}, method: ${method}, routes: [${routes.join(', ')}] }`);
    if (kind === 'client') lines.push(`      clientAvailability: { peer: ${peer} }`);
    if (kind === 'custom') {
      lines.push('      custom:');
      lines.push(`        errorQuery: sum(rate(queue_jobs_failed_total{queue="q${i}"}[{{.window}}]))`);
      lines.push(`        totalQuery: sum(rate(queue_jobs_total{queue="q${i}"}[{{.window}}]))`);
    }
    if (i % 4 === 0) {
      lines.push('    alerting:', `      runbook: https://runbooks.example.com/slo/${service}/${kind}-${i}`);
      lines.push(`      pageLabels: { routing_key: team-${i % 7} }`, '      ticketLabels: { channel: "#alerts" }');
    }
  }
  return `${lines.join('\n')}\n`;
}

const context = { services: SERVICES };
const FILE = 'bench-slos.yaml';

/** Load, compile and render the rules file: what the goal is about. */
function compileRulesFile(text) {
  const set = parseSloSet(text, FILE, context);
  return { set, rules: renderPrometheusRules(compileRules(set).groups, { source: FILE }) };
}

function compileTestsFile(set) {
  return renderPromtoolTests(buildPromtoolTests(set, { ruleFile: 'bench-slos.rules.yml' }).file, { source: FILE });
}

/** The floor: read the input and write the output document with the same YAML library. */
function baseline(text, outputDocument) {
  parse(text);
  return stringify(outputDocument, { lineWidth: 0, minContentWidth: 0, indentSeq: false, blockQuote: 'literal' });
}

/** Wall time, and this process' CPU time (user + system, helper threads included), in ms. */
function time(fn) {
  const start = now();
  const cpu = process.cpuUsage();
  const value = fn();
  const used = process.cpuUsage(cpu);
  return { ms: now() - start, cpuMs: (used.user + used.system) / 1000, value };
}

// `--write-input <file>`: only write the generated SLO file, e.g. to profile a compile of it
// (`node --cpu-prof dist/src/cli/main.js slo compile <file> -o /tmp/out`).
if (process.argv[2] === '--write-input') {
  writeFileSync(process.argv[3], sloFile(SLO_COUNT));
  process.exit(0);
}

// A cold child: one run of each phase in a fresh process, timings as JSON on stdout.
if (process.argv[2] === '--cold') {
  const [, , , phase, inputPath, outputDocumentPath] = process.argv;
  const text = readFileSync(inputPath, 'utf8');
  if (phase === 'baseline') {
    const outputDocument = JSON.parse(readFileSync(outputDocumentPath, 'utf8'));
    process.stdout.write(JSON.stringify({ baseline: time(() => baseline(text, outputDocument)).ms }));
  } else {
    const rules = time(() => compileRulesFile(text));
    const tests = time(() => compileTestsFile(rules.value.set));
    process.stdout.write(JSON.stringify({ rules: rules.ms, rulesCpu: rules.cpuMs, tests: tests.ms }));
  }
  process.exit(0);
}

watchdog(300_000, 'slo-compile');

const dir = mkdtempSync(join(tmpdir(), 'faultline-bench-slo-'));
process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
const text = sloFile(SLO_COUNT);
const inputPath = join(dir, FILE);
writeFileSync(inputPath, text);

// The output document the baseline writes: exactly the groups the compiler renders.
const { set, rules } = compileRulesFile(text);
const tests = compileTestsFile(set);
const outputDocument = parse(rules);
// The floor must write what the compiler writes: the same bytes, or the comparison means nothing.
if (baseline(text, outputDocument) !== rules.slice(rules.indexOf('\n\n') + 2)) throw new Error('the baseline does not write the rules file the compiler writes');
const outputDocumentPath = join(dir, 'rules.json');
writeFileSync(outputDocumentPath, JSON.stringify(outputDocument));
const ruleCount = outputDocument.groups.reduce((sum, group) => sum + group.rules.length, 0);
console.log(
  `slo-compile  input ${SLO_COUNT} SLOs, ${fmt(text.length / 1024, 0)} KiB of YAML → ${ruleCount} rules (${fmt(rules.length / 1024 ** 2, 1)} MiB) ` +
    `and ${set.slos.length - set.slos.filter((s) => s.sli.kind === 'custom').length} SLOs' promtool tests (${fmt(tests.length / 1024 ** 2, 1)} MiB)`,
);

const self = fileURLToPath(import.meta.url);
const cold = (phase) => JSON.parse(execFileSync(process.execPath, [self, '--cold', phase, inputPath, outputDocumentPath], { encoding: 'utf8' }));
const coldRuns = Array.from({ length: COLD_RUNS }, () => ({ ...cold('baseline'), ...cold('compile') }));
const coldOf = (key) => median(coldRuns.map((run) => run[key]));
const coldRange = (key) => `${fmt(Math.min(...coldRuns.map((run) => run[key])), 0)}–${fmt(Math.max(...coldRuns.map((run) => run[key])), 0)}`;

const warm = (fn) => {
  for (let i = 0; i < WARMUP_RUNS; i++) fn();
  return median(Array.from({ length: WARM_RUNS }, () => time(fn).ms));
};
const warmBaseline = warm(() => baseline(text, outputDocument));
const warmRules = warm(() => compileRulesFile(text));
const warmTests = warm(() => compileTestsFile(set));

const cli = () => {
  const out = join(dir, 'out');
  const start = now();
  execFileSync(process.execPath, [fileURLToPath(new URL('../dist/src/cli/main.js', import.meta.url)), 'slo', 'compile', inputPath, '-o', out], { stdio: 'ignore' });
  return now() - start;
};
const cliMs = median(Array.from({ length: CLI_RUNS }, cli));

const [coldRules, coldBaseline, coldTests] = [coldOf('rules'), coldOf('baseline'), coldOf('tests')];
report({
  name: 'SLO compile, 1,000 SLOs (cold)',
  figure: `${fmt(coldRules, 0)} ms`,
  baseline: `yaml parse+stringify ${fmt(coldBaseline, 0)} ms`,
  ratio: fmt(coldRules / coldBaseline, 2),
  goal: `≤ ${GOAL_MS} ms`,
  pass: coldRules <= GOAL_MS,
  line:
    `slo-compile  load+compile+render rules, cold (median of ${COLD_RUNS} fresh processes)  ${fmt(coldRules, 0)} ms (${coldRange('rules')}; CPU ${fmt(coldOf('rulesCpu'), 0)} ms)  ` +
    `baseline ${fmt(coldBaseline, 0)} ms (${coldRange('baseline')})  ratio ${fmt(coldRules / coldBaseline, 2)}  (goal ≤ ${GOAL_MS} ms)`,
});
report({
  name: 'SLO compile, 1,000 SLOs (warm)',
  figure: `${fmt(warmRules, 0)} ms`,
  baseline: `yaml parse+stringify ${fmt(warmBaseline, 0)} ms`,
  ratio: fmt(warmRules / warmBaseline, 2),
  goal: 'info',
  line: `slo-compile  load+compile+render rules, warm (median of ${WARM_RUNS})  ${fmt(warmRules, 0)} ms  baseline ${fmt(warmBaseline, 0)} ms  ratio ${fmt(warmRules / warmBaseline, 2)}`,
});
report({
  name: 'promtool tests, 1,000 SLOs',
  figure: `${fmt(coldTests, 0)} ms cold, ${fmt(warmTests, 0)} ms warm`,
  baseline: '',
  ratio: '',
  goal: 'info',
  line: `slo-compile  promtool tests build+render (after the load)  cold ${fmt(coldTests, 0)} ms  warm ${fmt(warmTests, 0)} ms`,
});
report({
  name: 'faultline slo compile CLI, 1,000 SLOs',
  figure: `${fmt(cliMs, 0)} ms`,
  baseline: '',
  ratio: '',
  goal: 'info',
  line: `slo-compile  \`faultline slo compile\` end to end (node start-up, topology, rules and tests written; median of ${CLI_RUNS})  ${fmt(cliMs, 0)} ms`,
});
