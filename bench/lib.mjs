// Shared helpers for the benchmarks: a proxy in a child process, loopback servers and sockets,
// medians, formatting and result lines (also sent to bench/run.mjs over IPC for its summary).
import { execFileSync, fork } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const HOST = '127.0.0.1';

/**
 * Fork a helper script; resolves with its first IPC message and a stop() that ends it for good
 * (disconnect, then SIGKILL if it has not exited within `graceMs`).
 */
async function startChild(file, args = [], execArgv = [], graceMs = 3000) {
  const child = fork(new URL(file, import.meta.url), args, { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const killChild = () => child.kill('SIGKILL');
  process.once('exit', killChild);
  const first = await new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`${file} exited early (code ${code})`)));
    child.once('message', resolve);
  });
  child.removeAllListeners('exit');
  child.removeAllListeners('error');
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.disconnect();
      const timer = setTimeout(killChild, graceMs);
      await exited;
      clearTimeout(timer);
    }
    process.off('exit', killChild);
  };
  return { child, first, stop };
}

/** Start dist/src/proxy/server.js in a child process; resolves once its API answers. */
export async function startProxy({ exposeGc = false, nodeFlags = [] } = {}) {
  const { child, first, stop } = await startChild('./proxy-child.mjs', [], [...(exposeGc ? ['--expose-gc'] : []), ...nodeFlags]);
  const url = first.url;
  let nextId = 0;
  const ask = (message) =>
    new Promise((resolve) => {
      const id = ++nextId;
      const onMessage = (reply) => reply?.ack === id && (child.off('message', onMessage), resolve());
      child.on('message', onMessage);
      child.send({ ...message, id });
    });
  return {
    url,
    pid: child.pid,
    /** Create a proxy listening on a free loopback port; resolves to that port. */
    async createProxy(name, upstreamPort) {
      const proxy = await api(url, 'POST', '/proxies', { name, listen: `${HOST}:0`, upstream: `${HOST}:${upstreamPort}` });
      return Number(proxy.listen.split(':').pop());
    },
    deleteProxy: (name) => api(url, 'DELETE', `/proxies/${name}`),
    addToxic: (proxy, toxic) => api(url, 'POST', `/proxies/${proxy}/toxics`, toxic),
    removeToxic: (proxy, name) => api(url, 'DELETE', `/proxies/${proxy}/toxics/${name}`),
    gc: () => ask({ gc: true }),
    rssKB: () => rssKB(child.pid),
    stop,
  };
}

/** A bare Node relay (bench/relay-child.mjs) to `upstreamPort`, in a child process: the reference proxy. */
export async function startRelay(upstreamPort) {
  const { child, first, stop } = await startChild('./relay-child.mjs', [String(upstreamPort)]);
  return { port: first.port, pid: child.pid, stop };
}

/**
 * The shop (services/topology.yaml, ephemeral ports, a temporary data folder) in a child process
 * (bench/system-child.mjs): supervisor and embedded proxy there, each service in its own process.
 * `wiring` is 'direct' (no proxies, the baseline) or 'proxied'; `logLevel` '' keeps the services'
 * default. Resolves once every service is ready, with the gateway URL, the pids
 * ({supervisor, gateway, catalog, ...}) and a stop() that stops every service and proxy.
 */
export async function startSystemChild(wiring, { seed = 1, logLevel = '' } = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'faultline-bench-system-'));
  const removeData = () => rmSync(dataDir, { recursive: true, force: true });
  process.once('exit', removeData);
  const forget = () => {
    removeData();
    process.off('exit', removeData);
  };
  try {
    const { first, stop } = await startChild('./system-child.mjs', [wiring, String(seed), dataDir, logLevel], [], 15_000);
    return { gateway: first.gateway, pids: first.pids, stop: () => stop().finally(forget) };
  } catch (error) {
    forget();
    throw error;
  }
}

/** Restrict a process (every thread of it) to the given CPUs, e.g. '0' or '0-1'; false when taskset is missing. */
export function pinProcess(pid, cpuList) {
  try {
    execFileSync('taskset', ['-a', '-cp', cpuList, String(pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** One call to the Toxiproxy-compatible API, on a fresh connection (nothing left open afterwards). */
export function api(base, method, path, body) {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = request(`${base}${path}`, { method, agent: false, headers: payload ? { 'content-type': 'application/json' } : {} }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => {
        if (res.statusCode >= 300) reject(new Error(`${method} ${path}: ${res.statusCode} ${text}`));
        else resolve(text ? JSON.parse(text) : undefined);
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
}

/** Resident set size of a process in KB, from /proc/<pid>/status. */
export function rssKB(pid) {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) : NaN;
}

/** Listen on a free loopback port; returns the port and a close() that also destroys accepted sockets. */
export async function listen(server) {
  const sockets = new Set();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise((resolve) => server.listen(0, HOST, resolve));
  return {
    port: server.address().port,
    sockets,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

export function connectTo(port, options = {}) {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: HOST, port, ...options }, () => {
      socket.off('error', reject);
      resolve(socket);
    });
    socket.once('error', reject);
  });
}

/** Resolve with the number of bytes read once at least `bytes` arrived; reject on close or after `timeoutMs`. */
export function readBytes(socket, bytes, timeoutMs = 30_000) {
  return new Promise((resolve, reject) => {
    let got = 0;
    const onData = (chunk) => {
      got += chunk.length;
      if (got >= bytes) done(resolve, got);
    };
    const onClose = () => done(reject, new Error(`socket closed after ${got} of ${bytes} bytes`));
    const timer = setTimeout(() => done(reject, new Error(`stalled: ${got} of ${bytes} bytes after ${timeoutMs} ms`)), timeoutMs);
    const done = (settle, value) => {
      clearTimeout(timer);
      socket.off('data', onData);
      socket.off('close', onClose);
      settle(value);
    };
    socket.on('data', onData);
    socket.on('close', onClose);
  });
}

/** Busy and total CPU time of the whole host so far, in seconds (all cores), from /proc/stat. */
export function hostCpuSeconds() {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1, 9).map(Number);
  const total = fields.reduce((a, b) => a + b, 0);
  return { busy: (total - fields[3] - fields[4]) / CLOCK_TICKS, total: total / CLOCK_TICKS };
}

/** CPU time (user + system) a process has used so far, in seconds, from /proc/<pid>/stat; NaN when gone. */
export function cpuSeconds(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return NaN;
  }
}
const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

export const now = () => performance.now();
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The p-th percentile (0–100) of already sorted values, nearest rank. */
export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export const fmt = (value, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : String(value));
export const sign = (value, digits = 2) => `${value >= 0 ? '+' : ''}${fmt(value, digits)}`;

/**
 * Print one result line and hand it to run.mjs. `figure`/`baseline` are short strings for the
 * summary table; `line` is the full plain-text line; `pass` undefined marks an informational row.
 */
export function report({ name, figure, baseline, ratio, goal, pass, line }) {
  console.log(pass === undefined ? line : `${line}  ${statusOf(pass)}`);
  submit({ name, figure, baseline, ratio, goal, pass });
  return pass;
}

/** Hand one summary row to run.mjs without printing it (for a benchmark that prints its own lines). */
export function submit({ name, figure, baseline, ratio, goal, pass }) {
  process.send?.({ result: { name, figure, baseline, ratio, goal, status: statusOf(pass) } });
  return pass;
}

export const statusOf = (pass) => (pass === undefined ? 'info' : pass ? 'PASS' : 'FAIL');

/** Kill the whole benchmark if it runs longer than `ms` (the timer never keeps the process alive). */
export function watchdog(ms, name) {
  setTimeout(() => {
    console.error(`${name}: did not finish within ${ms / 1000} s, aborting`);
    process.exit(2);
  }, ms).unref();
}
