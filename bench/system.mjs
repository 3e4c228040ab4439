// Goals: the proxies cost ≤ 10 % of the shop's throughput (proxied rps ≥ 0.9 × direct rps), and
// the shop sustains ≥ 1,000 mixed requests per second on this host.
//
// The whole system (services/topology.yaml on ephemeral ports) runs twice, one after the other:
// wired `direct` (services call each other, no proxy: the baseline), then `proxied` (every
// inter-service call crosses the embedded proxy, as `faultline up` runs it). Each time the system
// lives in a child process (supervisor and embedded proxy; every service is its own process) and
// this process is the load generator: a closed loop of CONCURRENCY requests in flight over
// keep-alive undici connections to the gateway on 127.0.0.1, a seeded mix of reads and orders,
// WARMUP_MS not counted, then MEASURE_MS counted. Throughput counts the answers completed inside
// the window; latency is per answer, from send to the last byte. Non-2xx answers and network errors
// are errors; the ≥ 1,000 goal counts 2xx answers of the proxied system only.
//
// Every process on this host shares two CPUs, so anything else running skews the comparison: each
// run waits (a bounded while) for a quiet host, and the CPU used by other processes during each
// window is printed, with CPU time per answer (less sensitive to sharing than rps).
import { cpus } from 'node:os';
import { Pool } from 'undici';
import { seededRng } from '../dist/src/core/random.js';
import { cpuSeconds, fmt, hostCpuSeconds, now, percentile, sleep, startSystemChild, statusOf, submit, watchdog } from './lib.mjs';

const CONCURRENCY = 48;
const WARMUP_MS = 2000;
const MEASURE_MS = 8000;
const REQUEST_TIMEOUT_MS = 10_000;
/** Before each run, wait up to this long for the rest of the host to use less than QUIET_CORES. */
const QUIET_WAIT_MS = 20_000;
const QUIET_CORES = 0.1;
const SEED = 20_240_601;
const GOAL_RATIO = 0.9;
const GOAL_RPS = 1000;
/** Services' log level; '' keeps their default (info: one line per request). Override: BENCH_SERVICE_LOG_LEVEL. */
const SERVICE_LOG_LEVEL = process.env.BENCH_SERVICE_LOG_LEVEL ?? '';
const PRODUCT_IDS = Array.from({ length: 10 }, (_, i) => `p-${String(i + 1).padStart(2, '0')}`);
/** The mix, by cumulative share. */
const MIX = [
  { op: 'GET /products', upTo: 0.6 },
  { op: 'GET /products/:id', upTo: 0.85 },
  { op: 'POST /orders', upTo: 0.95 },
  { op: 'GET /orders/:id', upTo: 1 },
];
const MAX_ORDER_IDS = 4096;

watchdog(180_000, 'system');

/** Wait until the host, this process aside, has been quiet for a second (at most QUIET_WAIT_MS); the last second's other load in cores. */
async function waitForQuietHost() {
  const deadline = now() + QUIET_WAIT_MS;
  for (;;) {
    const host = hostCpuSeconds().busy;
    const self = cpuSeconds(process.pid);
    await sleep(1000);
    const others = hostCpuSeconds().busy - host - (cpuSeconds(process.pid) - self);
    if (others < QUIET_CORES || now() >= deadline) return others;
  }
}

/** One run against a freshly started system; returns its figures. */
async function measure(wiring) {
  const othersBefore = await waitForQuietHost();
  const system = await startSystemChild(wiring, { seed: SEED, logLevel: SERVICE_LOG_LEVEL });
  try {
    return { ...(await drive(wiring, system)), othersBefore };
  } finally {
    await system.stop();
  }
}

async function drive(wiring, system) {
  const origin = new URL(system.gateway).origin;
  if (!/^http:\/\/127\.0\.0\.1:\d+$/.test(origin)) throw new Error(`gateway is not on 127.0.0.1: ${origin}`);
  const pool = new Pool(origin, { connections: CONCURRENCY, pipelining: 1, headersTimeout: REQUEST_TIMEOUT_MS, bodyTimeout: REQUEST_TIMEOUT_MS });
  const orderIds = [];
  let keys = 0;

  function send(op, rng) {
    const productId = () => PRODUCT_IDS[Math.floor(rng.next() * PRODUCT_IDS.length)];
    switch (op) {
      case 'GET /products':
        return pool.request({ method: 'GET', path: '/products' });
      case 'GET /products/:id':
        return pool.request({ method: 'GET', path: `/products/${productId()}` });
      case 'GET /orders/:id':
        return pool.request({ method: 'GET', path: `/orders/${orderIds[Math.floor(rng.next() * orderIds.length)]}` });
      default:
        return pool.request({
          method: 'POST',
          path: '/orders',
          headers: { 'content-type': 'application/json', 'idempotency-key': `bench-${wiring}-${++keys}` },
          body: JSON.stringify({ productId: productId(), quantity: 1 }),
        });
    }
  }

  /** One exchange, body read in full; a placed order's id is kept for GET /orders/:id. */
  async function exchange(op, rng) {
    try {
      const { statusCode, body } = await send(op, rng);
      const ok = statusCode >= 200 && statusCode < 300;
      if (ok && op !== 'POST /orders') {
        await body.dump({ limit: Infinity });
        return { ok, status: statusCode };
      }
      const text = await body.text();
      if (ok) {
        const { orderId } = JSON.parse(text);
        if (orderIds.length < MAX_ORDER_IDS) orderIds.push(orderId);
        else orderIds[keys % MAX_ORDER_IDS] = orderId;
      }
      return { ok, status: statusCode, detail: text.slice(0, 160) };
    } catch (error) {
      return { ok: false, status: error.code ?? error.name, detail: error.message };
    }
  }

  try {
    // One order before the clock starts, so GET /orders/:id always has something to read.
    const first = await exchange('POST /orders', seededRng(SEED));
    if (!first.ok) throw new Error(`${wiring}: the first order failed: ${first.status} ${first.detail}`);

    const measureFrom = now() + WARMUP_MS;
    const measureUntil = measureFrom + MEASURE_MS;
    const latencies = [];
    const perOp = Object.fromEntries(MIX.map(({ op }) => [op, { count: 0, errors: 0, latencies: [] }]));
    const errorKinds = new Map();
    let cpuBefore;
    const cpuTimer = setTimeout(() => (cpuBefore = cpuOf(system.pids)), WARMUP_MS);

    async function worker(index) {
      const rng = seededRng(SEED + 1 + index);
      while (now() < measureUntil) {
        const draw = rng.next();
        const { op } = MIX.find((m) => draw < m.upTo);
        const sentAt = now();
        const result = await exchange(op, rng);
        const doneAt = now();
        if (doneAt < measureFrom || doneAt >= measureUntil) continue;
        const tally = perOp[op];
        tally.count++;
        latencies.push(doneAt - sentAt);
        tally.latencies.push(doneAt - sentAt);
        if (!result.ok) {
          tally.errors++;
          const kind = `${op} → ${result.status}${result.detail ? ` ${result.detail}` : ''}`;
          errorKinds.set(kind, (errorKinds.get(kind) ?? 0) + 1);
        }
      }
    }
    await Promise.all(Array.from({ length: CONCURRENCY }, (_, i) => worker(i)));
    clearTimeout(cpuTimer);
    const cpuAfter = cpuOf(system.pids);

    latencies.sort((a, b) => a - b);
    const seconds = MEASURE_MS / 1000;
    const cores = Object.fromEntries(Object.keys(cpuAfter).map((name) => [name, (cpuAfter[name] - (cpuBefore?.[name] ?? NaN)) / seconds]));
    const { host, ...ours } = cores;
    const oursTotal = Object.values(ours).reduce((sum, c) => sum + c, 0);
    const errors = Object.values(perOp).reduce((sum, t) => sum + t.errors, 0);
    return {
      wiring,
      requests: latencies.length,
      rps: latencies.length / seconds,
      okRps: (latencies.length - errors) / seconds,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      errors,
      perOp,
      errorKinds,
      cores: ours,
      coresTotal: oursTotal,
      others: Math.max(0, host - oursTotal),
      cpuPerAnswerUs: (oursTotal * seconds * 1e6) / latencies.length,
    };
  } finally {
    await pool.close();
  }
}

/** CPU seconds so far of the load generator (this process), of every process of the system, and of the whole host. */
function cpuOf(pids) {
  const entries = [['load generator', process.pid], ...Object.entries(pids)].map(([name, pid]) => [name, cpuSeconds(pid)]);
  return { ...Object.fromEntries(entries), host: hostCpuSeconds().busy };
}

function describe(run) {
  const ops = Object.entries(run.perOp)
    .map(([op, t]) => {
      const sorted = t.latencies.sort((a, b) => a - b);
      return `${op} ${t.count}${t.errors ? ` (${t.errors} errors)` : ''} p50 ${fmt(percentile(sorted, 50))} p99 ${fmt(percentile(sorted, 99))} ms`;
    })
    .join(', ');
  const cpu = Object.entries(run.cores)
    .map(([name, c]) => `${name === 'supervisor' && run.wiring === 'proxied' ? 'supervisor+proxy' : name} ${fmt(c, 2)}`)
    .join(', ');
  console.log(`system  ${run.wiring}: ${run.requests} answers in ${MEASURE_MS / 1000} s, ${run.errors} errors; ${ops}`);
  console.log(
    `system  ${run.wiring}: CPU in cores: ${cpu}; total ${fmt(run.coresTotal, 2)} of ${cpus().length} = ${fmt(run.cpuPerAnswerUs, 0)} µs per answer; ` +
      `other processes ${fmt(run.others, 2)} (${fmt(run.othersBefore, 2)} just before)`,
  );
  for (const [kind, count] of [...run.errorKinds].sort((a, b) => b[1] - a[1]).slice(0, 5)) console.log(`system  ${run.wiring}: ${count} × ${kind}`);
}

console.log(
  `system  ${CONCURRENCY} requests in flight, ${WARMUP_MS / 1000} s warm-up + ${MEASURE_MS / 1000} s measured per wiring; ` +
    `mix ${MIX.map((m, i) => `${Math.round((m.upTo - (MIX[i - 1]?.upTo ?? 0)) * 100)} % ${m.op}`).join(', ')}; ` +
    `services log at ${SERVICE_LOG_LEVEL || 'their default level (info, a line per request)'}`,
);
const direct = await measure('direct');
describe(direct);
const proxied = await measure('proxied');
describe(proxied);

const ratio = proxied.rps / direct.rps;
const ratioPass = ratio >= GOAL_RATIO;
// Two decimals, unless rounding would show a failing ratio as the goal itself.
const ratioText = !ratioPass && Number(fmt(ratio, 2)) >= GOAL_RATIO ? fmt(ratio, 3) : fmt(ratio, 2);
const rpsPass = proxied.okRps >= GOAL_RPS;
const side = (run) => `${run.wiring} ${fmt(run.rps, 0)} rps p50 ${fmt(run.p50)} ms p99 ${fmt(run.p99)} ms`;
const proxyUs = (proxied.cores.supervisor * MEASURE_MS * 1000) / proxied.requests;
console.log(
  `system  CPU per answer (all processes): direct ${fmt(direct.cpuPerAnswerUs, 0)} µs, proxied ${fmt(proxied.cpuPerAnswerUs, 0)} µs ` +
    `of which ${fmt(proxyUs, 0)} µs in the supervisor+proxy process; direct/proxied ${fmt(direct.cpuPerAnswerUs / proxied.cpuPerAnswerUs, 2)} ` +
    '(the rps ratio to expect when both runs are CPU-bound)',
);
const busiest = Math.max(direct.others, proxied.others);
if (busiest > QUIET_CORES) {
  console.log(
    `system  note: other processes used ${fmt(direct.others, 2)} cores during the direct run and ${fmt(proxied.others, 2)} during the proxied one; ` +
      'rps and the ratio are skewed, rerun on a quiet host',
  );
}
console.log(
  `system  ${side(direct)} | ${side(proxied)} | ratio ${ratioText} (goal ≥ ${GOAL_RATIO.toFixed(2)}) ${statusOf(ratioPass)} | ` +
    `≥ ${GOAL_RPS} rps ${statusOf(rpsPass)}${direct.errors + proxied.errors > 0 ? ` | errors: direct ${direct.errors}, proxied ${proxied.errors}` : ''}`,
);
submit({
  name: 'system: proxies cost',
  figure: `${fmt(proxied.rps, 0)} rps p99 ${fmt(proxied.p99)} ms`,
  baseline: `direct ${fmt(direct.rps, 0)} rps p99 ${fmt(direct.p99)} ms`,
  ratio: ratioText,
  goal: `≥ ${GOAL_RATIO.toFixed(2)}`,
  pass: ratioPass,
});
submit({
  name: 'system: mixed load',
  figure: `${fmt(proxied.okRps, 0)} rps 2xx (${proxied.errors} errors)`,
  baseline: `direct ${fmt(direct.okRps, 0)} rps 2xx`,
  ratio: '',
  goal: `≥ ${GOAL_RPS} rps`,
  pass: rpsPass,
});
