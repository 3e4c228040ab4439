// Goal 2: a toxic-free proxy adds ≤ 150 µs per keep-alive HTTP request/response pair.
//
// A node:http server and a keep-alive node:http client (one socket, sequential requests) live in
// this process; the proxy runs in a child process. Rounds alternate direct/proxied after a
// warm-up, for a small body ("hello world") and a 64 KiB body, as Toxiproxy's e2e benchmark does.
//
// Placement matters on this kind of host: a hand-off between processes on different vCPUs costs
// tens of µs (waking a halted vCPU), and a proxied request has four hand-offs while the direct one
// (client and server in one process) has none. Left to the scheduler, runs flip between the two
// cases. So both are measured deterministically with taskset: this process and the proxy on one
// CPU (the proxy's own cost) and on two different CPUs (how Toxiproxy's 170-250 µs was measured).
// The goal is judged on both: the issue's baseline is the two-CPU case.
import { Agent, createServer, request } from 'node:http';
import { cpus } from 'node:os';
import { fmt, listen, median, now, pinProcess, report, startProxy, watchdog } from './lib.mjs';

const ROUNDS = 5;
const ROUND_MS = 600; // each round stops at this time or at MAX_REQUESTS, whichever comes first
const MAX_REQUESTS = 5000;
const WARMUP_REQUESTS = 500;
const GOAL_ADDED_US = 150;
const TOXIPROXY = { small: [102_553, 309_755], '64KiB': [256_918, 511_502] }; // ns/op, reference §7 run 1
const BODIES = { small: Buffer.from('hello world'), '64KiB': Buffer.alloc(64 * 1024, 0x62) };

watchdog(150_000, 'round-trip');

const server = createServer({ keepAlive: true }, (req, res) => {
  const body = BODIES[req.url.slice(1)] ?? BODIES.small;
  req.resume();
  req.on('end', () => res.writeHead(200, { 'content-length': body.length }).end(body));
});
server.keepAliveTimeout = 60_000;
const http = await listen(server);
const proxy = await startProxy();
const proxiedPort = await proxy.createProxy('bench_round_trip', http.port);

function get(agent, port, path) {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent }, (res) => {
      let bytes = 0;
      res.on('data', (chunk) => (bytes += chunk.length));
      res.on('end', () => resolve(bytes));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Sequential GETs on one keep-alive connection; ns per request. */
async function round(port, path, { ms = ROUND_MS, max = MAX_REQUESTS } = {}) {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const expected = BODIES[path.slice(1)].length;
  await get(agent, port, path); // connect outside the timed part
  const start = now();
  let count = 0;
  while (count < max && now() - start < ms) {
    const bytes = await get(agent, port, path);
    if (bytes !== expected) throw new Error(`got ${bytes} bytes, expected ${expected}`);
    count++;
  }
  const nsPerOp = ((now() - start) * 1e6) / count;
  agent.destroy();
  return nsPerOp;
}

/** Median ns/op direct and proxied over alternating rounds, after a warm-up of each. */
async function measure(path) {
  await round(http.port, path, { max: WARMUP_REQUESTS });
  await round(proxiedPort, path, { max: WARMUP_REQUESTS });
  const direct = [];
  const proxied = [];
  for (let i = 0; i < ROUNDS; i++) {
    direct.push(await round(http.port, path));
    proxied.push(await round(proxiedPort, path));
  }
  return { d: median(direct), p: median(proxied), proxied };
}

const allCpus = `0-${cpus().length - 1}`;
const LAYOUTS = [
  { label: 'one CPU', bench: '0', proxy: '0', judged: true },
  { label: 'two CPUs', bench: '0', proxy: '1', judged: true },
];
const canPin = cpus().length > 1 && pinProcess(process.pid, allCpus);
if (!canPin) console.log('round-trip  note: taskset unavailable or one CPU; measuring with default scheduling only');
for (const size of Object.keys(BODIES)) {
  const path = `/${size}`;
  const name = `round-trip ${size}`;
  for (const layout of canPin ? LAYOUTS : [{ label: 'unpinned', judged: true }]) {
    if (canPin && pinProcess(process.pid, layout.bench)) pinProcess(proxy.pid, layout.proxy);
    const { d, p, proxied } = await measure(path);
    const addedUs = (p - d) / 1000;
    const [td, tp] = TOXIPROXY[size];
    const label = `${name} ${layout.label}`.padEnd(26);
    console.log(`${label} proxied rounds (µs/op): ${proxied.map((v) => fmt(v / 1000, 0)).join(' ')}`);
    report({
      name: `${name} (${layout.label})`,
      figure: `+${fmt(addedUs)} µs`,
      baseline: `direct ${fmt(d / 1000)} µs`,
      ratio: fmt(p / d, 2),
      goal: layout.judged ? `≤ ${GOAL_ADDED_US} µs` : 'info',
      pass: layout.judged ? addedUs <= GOAL_ADDED_US : undefined,
      line:
        `${label} direct ${fmt(d, 0)} ns/op  proxied ${fmt(p, 0)} ns/op  added ${fmt(addedUs)} µs  ratio ${fmt(p / d, 2)}  ` +
        `(${layout.judged ? `goal ≤ ${GOAL_ADDED_US} µs` : 'for information'}; Toxiproxy added ${fmt((tp - td) / 1000, 0)} µs)`,
    });
  }
}
if (canPin) {
  pinProcess(process.pid, allCpus);
  pinProcess(proxy.pid, allCpus);
}

await proxy.stop();
await http.close();
