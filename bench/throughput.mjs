// Goal 1: bulk throughput through a toxic-free proxy ≥ 0.8 × a direct loopback connection, and
// ≥ 1.2 × what real Toxiproxy achieves relative to direct (0.33–0.46 × on a 2-vCPU host).
//
// The proxy runs in a child process; the sender and the receiver share this process, so the
// direct and the proxied runs use the same client code. A bare Node relay (relay-child.mjs) in a
// child process is measured too, for reference: what a minimal 'data' → write() Node relay reaches
// on this host. Rounds rotate direct/proxied/relay after a warm-up of each (1 MiB writes), and the
// median round of each is reported.
//
// A second proxy child started with --initial-old-space-size is measured for information: at
// ~1 GB/s every 64 KiB read is a fresh Buffer, and in a process with the API's heap V8 counts that
// external memory against a small old-generation limit and runs a major GC about as often as a
// scavenge; a larger initial old space stops that (see the report in the line it prints).
import { createServer } from 'node:net';
import { connectTo, fmt, listen, median, now, report, startProxy, startRelay, watchdog } from './lib.mjs';

const ROUNDS = 5;
const ROUND_MS = 1500;
const WARMUP_MS = 500;
const MAX_BYTES_PER_ROUND = 8 * 1024 ** 3; // a bound on top of the time bound
const WRITE_SIZE = 1024 * 1024;
const GOAL_RATIO = 0.8;
const TOXIPROXY_RATIO = [0.33, 0.46];
const GOAL_VS_TOXIPROXY = 1.2;
const TUNED_FLAGS = ['--initial-old-space-size=64'];

watchdog(150_000, 'throughput');

// The receiver: counts bytes and resolves the pending round when the sender's FIN arrives.
let roundDone;
const sink = await listen(
  createServer((socket) => {
    let bytes = 0;
    socket.on('data', (chunk) => (bytes += chunk.length));
    socket.on('end', () => {
      socket.end();
      roundDone?.({ bytes, at: now() });
    });
  }),
);

const proxy = await startProxy();
const proxiedPort = await proxy.createProxy('bench_throughput', sink.port);
const relay = await startRelay(sink.port);
const tunedProxy = await startProxy({ nodeFlags: TUNED_FLAGS });
const tunedPort = await tunedProxy.createProxy('bench_throughput', sink.port);
const payload = Buffer.alloc(WRITE_SIZE, 0x61);

/** Send as fast as the socket drains for `ms`, then FIN; MB/s (10^6 bytes) as seen by the receiver. */
async function round(port, ms) {
  const finished = new Promise((resolve) => (roundDone = resolve));
  const socket = await connectTo(port);
  const start = now();
  const deadline = start + ms;
  let sent = 0;
  await new Promise((resolve, reject) => {
    socket.once('error', reject);
    const pump = () => {
      while (now() < deadline && sent < MAX_BYTES_PER_ROUND) {
        sent += payload.length;
        if (!socket.write(payload)) return; // resumed by 'drain'
      }
      socket.off('drain', pump);
      socket.end(resolve);
    };
    socket.on('drain', pump);
    pump();
  });
  const { bytes, at } = await finished;
  socket.destroy();
  if (bytes !== sent) throw new Error(`receiver got ${bytes} of ${sent} bytes`);
  return bytes / 1e6 / ((at - start) / 1000);
}

const direct = [];
const proxied = [];
const relayed = [];
const tuned = [];
for (const port of [sink.port, proxiedPort, relay.port, tunedPort]) await round(port, WARMUP_MS);
for (let i = 0; i < ROUNDS; i++) {
  direct.push(await round(sink.port, ROUND_MS));
  proxied.push(await round(proxiedPort, ROUND_MS));
  relayed.push(await round(relay.port, ROUND_MS));
  tuned.push(await round(tunedPort, ROUND_MS));
}
await proxy.stop();
await relay.stop();
await tunedProxy.stop();
await sink.close();

const d = median(direct);
const p = median(proxied);
const r = median(relayed);
const t = median(tuned);
const ratio = p / d;
const list = (values) => values.map((v) => fmt(v, 0)).join(' ');
console.log(`throughput  rounds of ${ROUND_MS} ms, ${WRITE_SIZE / 1024} KiB writes; MB/s direct: ${list(direct)}; proxied: ${list(proxied)}; bare relay: ${list(relayed)}; proxy with ${TUNED_FLAGS.join(' ')}: ${list(tuned)}`);
console.log(`throughput  reference: bare Node relay ${fmt(r)} MB/s = ${fmt(r / d, 2)} × direct; Faultline = ${fmt(p / r, 2)} × the bare relay`);
console.log(`throughput  for information: Faultline with ${TUNED_FLAGS.join(' ')} ${fmt(t)} MB/s = ${fmt(t / d, 2)} × direct = ${fmt(t / p, 2)} × Faultline as deployed`);
report({
  name: 'throughput',
  figure: `${fmt(p)} MB/s`,
  baseline: `direct ${fmt(d)} MB/s`,
  ratio: fmt(ratio, 2),
  goal: `≥ ${GOAL_RATIO.toFixed(2)}`,
  pass: ratio >= GOAL_RATIO,
  line: `throughput  direct ${fmt(d)} MB/s  proxied ${fmt(p)} MB/s  ratio ${fmt(ratio, 2)}  (goal ≥ ${GOAL_RATIO.toFixed(2)})`,
});
const [low, high] = TOXIPROXY_RATIO;
const needed = high * GOAL_VS_TOXIPROXY;
report({
  name: 'throughput vs Toxiproxy',
  figure: `ratio ${fmt(ratio, 2)}`,
  baseline: `Toxiproxy ${low}–${high}`,
  ratio: fmt(ratio / high, 2),
  goal: `≥ ${GOAL_VS_TOXIPROXY.toFixed(2)}`,
  pass: ratio >= needed,
  line:
    `throughput  vs Toxiproxy v2.12.0 (${low}–${high} × direct on 2 vCPUs)  Faultline ${fmt(ratio, 2)} × direct  ` +
    `= ${fmt(ratio / high, 2)}–${fmt(ratio / low, 2)} × Toxiproxy  (goal ≥ ${GOAL_VS_TOXIPROXY.toFixed(2)}, i.e. ≥ ${fmt(needed, 2)} × direct)`,
});
