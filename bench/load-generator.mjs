// Load generator accuracy and cost (dist/src/load/generator.js).
//   rate   achieved / target rate within ±1 % at 500, 2,000 and 5,000 requests/s for a few seconds
//          each, against a trivial node:http server (the baseline is the schedule itself; the
//          server's own count over the same run is printed beside it)
//   cost   the generator's CPU (process.cpuUsage of this process, which runs nothing else) per
//          request and as a share of one core; informational
// The server runs in a child process (this file, forked with argv[2] = 'server'); when taskset is
// there, the server is pinned to CPU 1 and the generator to CPU 0, so neither steals the other's core.
import { fork } from 'node:child_process';
import { createServer } from 'node:http';
import { fmt, pinProcess, report, submit, watchdog } from './lib.mjs';

const RATES = [500, 2000, 5000];
const SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 5);
const TOLERANCE = 0.01;

if (process.argv[2] === 'server') {
  // The child: answer every request with a small 200, count them, report the count when asked.
  let count = 0;
  const sockets = new Set();
  const server = createServer({ keepAliveTimeout: 60_000 }, (request, response) => {
    count++;
    response.writeHead(200, { 'content-type': 'text/plain', 'content-length': '2' });
    response.end('ok');
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
  process.on('message', () => process.send({ count, cpu: process.cpuUsage() }));
  process.on('disconnect', () => {
    for (const socket of sockets) socket.destroy();
    server.close(() => process.exit(0));
  });
} else {
  await main();
}

async function main() {
  watchdog(120_000, 'load-generator');
  const { runLoad } = await import('../dist/src/load/generator.js');
  const { fixedRequest } = await import('../dist/src/load/request-mix.js');
  const { constantRate } = await import('../dist/src/load/schedule.js');

  const child = fork(new URL(import.meta.url), ['server'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  process.once('exit', () => child.kill('SIGKILL'));
  const { port } = await new Promise((resolve, reject) => {
    child.once('message', resolve);
    child.once('exit', (code) => reject(new Error(`server child exited early (code ${code})`)));
  });
  child.removeAllListeners('exit');
  const ask = () => new Promise((resolve) => (child.once('message', resolve), child.send('count')));
  const pinned = pinProcess(child.pid, '1') && pinProcess(process.pid, '0');
  const target = `http://127.0.0.1:${port}`;
  const requests = fixedRequest({ kind: 'ping', method: 'GET', path: '/' });
  console.log(`load generator: ${SECONDS} s per rate against node:http in a child process${pinned ? ' (generator on CPU 0, server on CPU 1)' : ' (taskset missing: processes not pinned)'}`);

  // Warm-up: JIT, connections, the server's first allocations.
  await runLoad({ target, schedule: constantRate(2000, 1000), requests });

  for (const rate of RATES) {
    const before = await ask();
    const cpu = process.cpuUsage();
    const wallStart = performance.now();
    const summary = await runLoad({ target, schedule: constantRate(rate, SECONDS * 1000), requests });
    const wallMs = performance.now() - wallStart;
    const used = process.cpuUsage(cpu);
    const after = await ask();
    const cpuUs = used.user + used.system;
    const received = after.count - before.count;
    const serverCpuShare = (after.cpu.user + after.cpu.system - before.cpu.user - before.cpu.system) / 1000 / wallMs;
    const ratio = summary.achievedRate / rate;
    const pass = Math.abs(ratio - 1) <= TOLERANCE && summary.missed === 0 && summary.failed === 0;
    const p99 = summary.latencyMs?.p99;
    report({
      name: `load rate ${rate}/s`,
      figure: `${fmt(summary.achievedRate, 1)}/s, p99 ${fmt(p99, 2)} ms`,
      baseline: `target ${rate}/s`,
      ratio: fmt(ratio, 4),
      goal: '±1 %',
      pass,
      line:
        `  ${String(rate).padStart(5)}/s: achieved ${fmt(summary.achievedRate, 1)}/s = ${fmt(ratio, 4)} × target ` +
        `(server counted ${received}, ${fmt(received / (summary.elapsedMs / 1000), 1)}/s), sent ${summary.sent}/${summary.scheduled}, ` +
        `missed ${summary.missed}, failed ${summary.failed}, p50 ${fmt(summary.latencyMs?.p50, 3)} ms, p99 ${fmt(p99, 3)} ms, ` +
        `start lag p99 ${fmt(summary.startLagMs?.p99, 2)} ms max ${fmt(summary.startLagMs?.max, 1)} ms`,
    });
    const perRequestUs = cpuUs / summary.sent;
    const share = cpuUs / 1000 / wallMs;
    console.log(`         generator CPU ${fmt(perRequestUs, 1)} µs/request, ${fmt(share * 100, 1)} % of one core; server ${fmt(serverCpuShare * 100, 1)} % of one core`);
    submit({ name: `load CPU at ${rate}/s`, figure: `${fmt(perRequestUs, 1)} µs/req`, baseline: '', ratio: `${fmt(share * 100, 1)} % core`, goal: '', pass: undefined });
  }
  child.disconnect();
  await new Promise((resolve) => child.once('exit', resolve));
}
