// Goal 4: toxics do what their settings say.
//   latency     median added delay within ±1 ms of the setting (50 ms, 200 ms), against the
//               no-toxic round trip through the same proxy (the direct round trip is printed too)
//   bandwidth   achieved rate within ±3 % of 100 KB/s, 10 MB/s and 100 MB/s (~1.5 s transfers)
//   timeout     connection closed within ±5 ms of the setting after it starts
//   slow_close  FIN passed on within ±5 ms of the setting after the upstream sent it
// The proxy runs in a child process; servers and clients live in this process.
import { createServer } from 'node:net';
import { connectTo, fmt, listen, median, now, readBytes, report, sign, sleep, startProxy, watchdog } from './lib.mjs';

const LATENCY_SAMPLES = 30;
const LATENCIES_MS = [50, 200];
const LATENCY_TOLERANCE_MS = 1;
const RATES_KBPS = [100, 10_000, 100_000];
const TRANSFER_SECONDS = 1.5;
const RATE_TOLERANCE = 0.03;
const CLOSE_SAMPLES = 10;
const CLOSE_SETTING_MS = 300;
const CLOSE_TOLERANCE_MS = 5;
const TOXIPROXY = { 50: 'n/a', 200: '201 ms', timeout: '300.8 ms', slow_close: '301.6 ms' };

watchdog(180_000, 'fidelity');

// Upstreams: an echo server, a source that sends `n` bytes when asked (8-digit decimal request),
// and a closer that sends its FIN as soon as it receives a byte.
const echo = await listen(createServer((socket) => socket.pipe(socket)));
const source = await listen(
  createServer((socket) => {
    let request = '';
    socket.on('data', function onRequest(chunk) {
      request += chunk.toString('latin1');
      if (request.length < 12) return;
      socket.off('data', onRequest);
      let left = Number(request.slice(0, 12));
      const block = Buffer.alloc(1024 * 1024, 0x63);
      const pump = () => {
        while (left > 0) {
          const piece = left >= block.length ? block : block.subarray(0, left);
          left -= piece.length;
          if (!socket.write(piece)) return socket.once('drain', pump);
        }
        socket.end();
      };
      pump();
    });
  }),
);
const finSentAt = new Map(); // client-chosen id → when the closer called end()
const closer = await listen(
  createServer((socket) => {
    socket.once('data', (chunk) => {
      finSentAt.set(chunk.toString('latin1'), now());
      socket.end();
    });
  }),
);

const proxy = await startProxy();
const ports = {
  echo: await proxy.createProxy('fidelity_echo', echo.port),
  source: await proxy.createProxy('fidelity_source', source.port),
  closer: await proxy.createProxy('fidelity_closer', closer.port),
};
const toxic = (name, type, attributes, stream = 'downstream') => ({ name, type, stream, toxicity: 1, attributes });

/** Median echo round trip (ms) of one byte on a fresh connection. */
async function echoRtt(port, samples) {
  const socket = await connectTo(port);
  socket.setNoDelay(true);
  const times = [];
  for (let i = 0; i < samples; i++) {
    const start = now();
    socket.write('p');
    await readBytes(socket, 1);
    times.push(now() - start);
  }
  socket.destroy();
  return median(times);
}

const results = [];
const check = (entry) => results.push(report(entry));

// --- latency -----------------------------------------------------------------------------------
await echoRtt(ports.echo, 50); // warm-up
const directRtt = await echoRtt(echo.port, LATENCY_SAMPLES);
const plainRtt = await echoRtt(ports.echo, LATENCY_SAMPLES);
console.log(`fidelity  echo round trip without toxics: direct ${fmt(directRtt * 1000, 0)} µs, through the proxy ${fmt(plainRtt * 1000, 0)} µs`);
for (const latency of LATENCIES_MS) {
  await proxy.addToxic('fidelity_echo', toxic('lat', 'latency', { latency, jitter: 0 }));
  const rtt = await echoRtt(ports.echo, LATENCY_SAMPLES);
  await proxy.removeToxic('fidelity_echo', 'lat');
  const added = rtt - plainRtt;
  const error = added - latency;
  check({
    name: `latency ${latency} ms`,
    figure: `${fmt(added, 2)} ms`,
    baseline: `setting ${latency} ms`,
    ratio: fmt(added / latency, 3),
    goal: `±${LATENCY_TOLERANCE_MS} ms`,
    pass: Math.abs(error) <= LATENCY_TOLERANCE_MS,
    line:
      `fidelity  latency ${String(latency).padStart(3)} ms  median added ${fmt(added, 2)} ms (RTT ${fmt(rtt, 2)} ms − ${fmt(plainRtt, 2)} ms)  ` +
      `error ${sign(error)} ms  (goal ±${LATENCY_TOLERANCE_MS} ms; Toxiproxy ${TOXIPROXY[latency]})`,
  });
}

// --- bandwidth ---------------------------------------------------------------------------------
for (const rate of RATES_KBPS) {
  const bytes = Math.round(rate * 1000 * TRANSFER_SECONDS);
  await proxy.addToxic('fidelity_source', toxic('bw', 'bandwidth', { rate }));
  const socket = await connectTo(ports.source);
  const start = now();
  socket.write(String(bytes).padStart(12, '0'));
  const got = await readBytes(socket, bytes, TRANSFER_SECONDS * 4000).catch((error) => error);
  const seconds = (now() - start) / 1000;
  socket.destroy();
  await proxy.removeToxic('fidelity_source', 'bw');
  const label = rate >= 1000 ? `${rate / 1000} MB/s` : `${rate} KB/s`;
  if (got instanceof Error) {
    check({ name: `bandwidth ${label}`, figure: 'stalled', baseline: `setting ${rate} KB/s`, ratio: '-', goal: `±${RATE_TOLERANCE * 100} %`, pass: false, line: `fidelity  bandwidth ${label.padStart(9)}  ${got.message}` });
    continue;
  }
  const achieved = bytes / 1000 / seconds;
  const error = achieved / rate - 1;
  check({
    name: `bandwidth ${label}`,
    figure: `${fmt(achieved, 0)} KB/s`,
    baseline: `setting ${rate} KB/s`,
    ratio: fmt(achieved / rate, 3),
    goal: `±${RATE_TOLERANCE * 100} %`,
    pass: Math.abs(error) <= RATE_TOLERANCE,
    line:
      `fidelity  bandwidth ${label.padStart(9)}  ${fmt(bytes / 1e6, 2)} MB in ${fmt(seconds, 3)} s = ${fmt(achieved, 0)} KB/s  ` +
      `error ${sign(error * 100)} %  (goal ±${RATE_TOLERANCE * 100} %)`,
  });
}

// --- timeout and slow_close --------------------------------------------------------------------
/** Time from a connection's start until the proxy closes it (timeout toxic on the downstream). */
async function timeoutSample() {
  const socket = await connectTo(ports.echo);
  const start = now();
  await new Promise((resolve) => socket.once('end', resolve));
  const elapsed = now() - start;
  socket.destroy();
  return elapsed;
}

/** Time from the upstream's FIN to the client seeing it. */
async function slowCloseSample(id) {
  const socket = await connectTo(ports.closer);
  const ended = new Promise((resolve) => socket.once('end', () => resolve(now())));
  socket.write(id);
  const endAt = await ended;
  socket.destroy();
  return endAt - finSentAt.get(id);
}

async function sampleClose(type, attributes, proxyName, sample) {
  await proxy.addToxic(proxyName, toxic('close', type, attributes));
  const times = [];
  for (let i = 0; i < CLOSE_SAMPLES; i++) times.push(await sample(`${type}-${i}`));
  await proxy.removeToxic(proxyName, 'close');
  return median(times);
}

const plainFin = [];
for (let i = 0; i < CLOSE_SAMPLES; i++) plainFin.push(await slowCloseSample(`plain-${i}`));
console.log(`fidelity  upstream FIN to client without toxics: ${fmt(median(plainFin), 2)} ms`);
const closes = {
  timeout: await sampleClose('timeout', { timeout: CLOSE_SETTING_MS }, 'fidelity_echo', timeoutSample),
  slow_close: await sampleClose('slow_close', { delay: CLOSE_SETTING_MS }, 'fidelity_closer', slowCloseSample),
};
for (const [type, measured] of Object.entries(closes)) {
  const error = measured - CLOSE_SETTING_MS;
  check({
    name: `${type} ${CLOSE_SETTING_MS} ms`,
    figure: `${fmt(measured, 2)} ms`,
    baseline: `setting ${CLOSE_SETTING_MS} ms`,
    ratio: fmt(measured / CLOSE_SETTING_MS, 3),
    goal: `±${CLOSE_TOLERANCE_MS} ms`,
    pass: Math.abs(error) <= CLOSE_TOLERANCE_MS,
    line:
      `fidelity  ${type.padEnd(10)} ${CLOSE_SETTING_MS} ms  median trigger→close ${fmt(measured, 2)} ms  error ${sign(error)} ms  ` +
      `(goal ±${CLOSE_TOLERANCE_MS} ms; Toxiproxy ${TOXIPROXY[type]})`,
  });
}

await sleep(10);
await proxy.stop();
await Promise.all([echo.close(), source.close(), closer.close()]);
