// Goal 3: ≤ 55 KB of proxy RSS per idle proxied connection at 1,000 connections (Toxiproxy: ≈55 KB).
//
// The proxy runs in a child process (started with --expose-gc); an echo server and the clients
// live in this process. Each connection is proven live with one echoed byte, then left idle.
// RSS is read from /proc/<pid>/status after a full GC, before and after opening the connections.
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:net';
import { connectTo, fmt, listen, readBytes, report, sleep, startProxy, watchdog } from './lib.mjs';

const WANTED = 1000;
const TOXIPROXY_KB = 55;
const FDS_PER_CONNECTION = 3; // proxy: client + upstream socket; here: client + echo socket (2 of 4 in this process)
const SETTLE_MS = 500;

watchdog(120_000, 'memory');

// 1000 connections need ~2 fds each in this process and 2 in the proxy (3 per connection on average).
const limit = Number(execFileSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).trim()) || Infinity;
const headroom = 100;
const count = Math.min(WANTED, Math.floor((limit - headroom) / 2));
if (count < WANTED) {
  console.log(`memory  note: ulimit -n is ${limit}; ${WANTED} connections need ~${WANTED * FDS_PER_CONNECTION} fds in all (${WANTED * 2 + headroom} per process); measuring ${count} connections instead`);
}

const echo = await listen(createServer({ allowHalfOpen: true }, (socket) => socket.pipe(socket)));
const proxy = await startProxy({ exposeGc: true });
const port = await proxy.createProxy('bench_memory', echo.port);

async function openConnections(n) {
  const sockets = [];
  for (let i = 0; i < n; i += 50) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(50, n - i) }, async () => {
        const socket = await connectTo(port);
        socket.write('x');
        await readBytes(socket, 1);
        return socket;
      }),
    );
    sockets.push(...batch);
  }
  return sockets;
}

async function closeAll(sockets) {
  await Promise.all(sockets.map((socket) => new Promise((resolve) => socket.once('close', resolve).destroy())));
}

async function settledRss() {
  await sleep(SETTLE_MS);
  await proxy.gc();
  await sleep(100);
  return proxy.rssKB();
}

// Warm-up: the first connections load and compile the data path; that is not per-connection cost.
await closeAll(await openConnections(50));
const before = await settledRss();
const sockets = await openConnections(count);
const rawAfter = proxy.rssKB();
const after = await settledRss();
await closeAll(sockets);
const closed = await settledRss();
await proxy.stop();
await echo.close();

const perConnection = (after - before) / count;
const ratio = perConnection / TOXIPROXY_KB;
console.log(
  `memory  proxy RSS ${fmt(before / 1024)} MB idle → ${fmt(after / 1024)} MB with ${count} connections ` +
    `(${fmt(rawAfter / 1024)} MB before GC; ${fmt(closed / 1024)} MB after closing them)`,
);
report({
  name: 'memory per connection',
  figure: `${fmt(perConnection)} KB`,
  baseline: `Toxiproxy ${TOXIPROXY_KB} KB`,
  ratio: fmt(ratio, 2),
  goal: `≤ ${TOXIPROXY_KB} KB`,
  pass: perConnection <= TOXIPROXY_KB,
  line: `memory  ${count} idle connections  ${fmt(perConnection)} KB RSS per connection  ratio to Toxiproxy's ${TOXIPROXY_KB} KB ${fmt(ratio, 2)}  (goal ≤ ${TOXIPROXY_KB} KB)`,
});
