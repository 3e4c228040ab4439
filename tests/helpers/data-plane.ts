import { createHash } from 'node:crypto';
import { connect, createServer, type Socket } from 'node:net';
import { Toxiproxy, type Proxy as ClientProxy, type Toxic } from 'toxiproxy-node-client';
import { ManualClock, type TimerHandle } from '../../src/core/clock.js';
import { seededRng, type Rng } from '../../src/core/random.js';
import { Pipeline, type PipelineSink, type StageDefinition } from '../../src/proxy/stream/pipeline.js';
import type { ToxicAttributes, ToxicType } from '../../src/proxy/stream/stage.js';
import type { RunningProxyServer } from '../../src/proxy/server.js';
import { listen, startTestProxyServer, type Cleanup } from './sockets.js';

// ---------------------------------------------------------------------------------------------
// Unit side: a pipeline driven by a ManualClock, delivering into a sink that records everything.
// ---------------------------------------------------------------------------------------------

export type SinkEvent =
  | { kind: 'data'; at: number; data: Buffer }
  | { kind: 'end'; at: number }
  | { kind: 'close'; at: number }
  | { kind: 'reset'; at: number };

/** A PipelineSink that records what reaches the socket side, stamped with the clock's time. */
export class RecordingSink implements PipelineSink {
  readonly events: SinkEvent[] = [];
  discarded = 0;

  constructor(private readonly clock: ManualClock) {}

  deliver(data: Buffer): void {
    this.events.push({ kind: 'data', at: this.clock.monotonic(), data: Buffer.from(data) });
  }

  deliverEnd(): void {
    this.events.push({ kind: 'end', at: this.clock.monotonic() });
  }

  closeConnection(): void {
    this.events.push({ kind: 'close', at: this.clock.monotonic() });
  }

  resetConnection(): void {
    this.events.push({ kind: 'reset', at: this.clock.monotonic() });
  }

  discard(bytes: number): void {
    this.discarded += bytes;
  }

  /** The data events only, in order. */
  get chunks(): Array<{ at: number; data: Buffer }> {
    return this.events.flatMap((e) => (e.kind === 'data' ? [{ at: e.at, data: e.data }] : []));
  }

  /** Everything delivered, as one string. */
  text(): string {
    return Buffer.concat(this.chunks.map((c) => c.data)).toString('latin1');
  }

  /** Event kinds in order, with data events shown as their text: e.g. ['data:ab', 'end']. */
  trace(): string[] {
    return this.events.map((e) => (e.kind === 'data' ? `data:${e.data.toString('latin1')}` : e.kind));
  }

  /** The first event of a kind, or undefined. */
  first(kind: SinkEvent['kind']): SinkEvent | undefined {
    return this.events.find((e) => e.kind === kind);
  }
}

/**
 * A ManualClock whose timers fire `lateMs` after they are due, like a busy event loop: used to
 * check that schedules are absolute and lateness does not pile up.
 */
export class LateClock extends ManualClock {
  constructor(private readonly lateMs: number) {
    super();
  }

  override setTimer(callback: () => void, delayMs: number): TimerHandle {
    return super.setTimer(callback, Math.max(0, delayMs) + this.lateMs);
  }
}

export interface TestPipeline {
  clock: ManualClock;
  sink: RecordingSink;
  pipeline: Pipeline;
  rng: Rng;
}

/** A pipeline on a fresh ManualClock with a seeded Rng, optionally with stages already added. */
export function testPipeline(definitions: StageDefinition[] = [], seed = 1, clock = new ManualClock()): TestPipeline {
  const sink = new RecordingSink(clock);
  const rng = seededRng(seed);
  const pipeline = new Pipeline(sink, clock, rng);
  for (const definition of definitions) pipeline.add(definition);
  return { clock, sink, pipeline, rng };
}

/** A stage definition; the name defaults to the type's name and toxicity to 1. */
export function stage(type: ToxicType, attributes: ToxicAttributes = {}, options: { name?: string; toxicity?: number } = {}): StageDefinition {
  return { name: options.name ?? type.type, type, toxicity: options.toxicity ?? 1, attributes };
}

export function bytes(text: string): Buffer {
  return Buffer.from(text, 'latin1');
}

/** `length` bytes of a repeating, position-dependent pattern (so a lost or moved byte shows). */
export function patternBytes(length: number, salt = 0): Buffer {
  const out = Buffer.alloc(length);
  for (let i = 0; i < length; i++) out[i] = (i * 31 + salt + (i >> 8)) & 0xff;
  return out;
}

export function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

// ---------------------------------------------------------------------------------------------
// Integration side: proxies configured through toxiproxy-node-client, real loopback sockets.
// ---------------------------------------------------------------------------------------------

let proxyCounter = 0;

/** Create an enabled proxy on 127.0.0.1:0 in front of `upstreamPort`, through the node client. */
export async function createTestProxy(server: RunningProxyServer, upstreamPort: number, name = `p${++proxyCounter}`): Promise<ClientProxy> {
  const client = new Toxiproxy(server.url);
  return client.createProxy({ name, listen: '127.0.0.1:0', upstream: `127.0.0.1:${upstreamPort}` });
}

/** Enable or disable a proxy (Toxiproxy's "down") with a PATCH carrying only `enabled`. */
export async function setEnabled(server: RunningProxyServer, name: string, enabled: boolean): Promise<{ status: number; body: { enabled: boolean; listen: string } }> {
  const response = await fetch(`${server.url}/proxies/${name}`, { method: 'PATCH', body: JSON.stringify({ enabled }) });
  return { status: response.status, body: (await response.json()) as { enabled: boolean; listen: string } };
}

/** Write `payload` and wait until as many bytes came back; the time is from the write. */
export async function roundTrip(socket: Socket, payload: Buffer | string): Promise<{ data: Buffer; ms: number }> {
  const data = typeof payload === 'string' ? bytes(payload) : payload;
  const start = performance.now();
  const received = readExactly(socket, data.length);
  socket.write(data);
  const got = await received;
  return { data: got, ms: performance.now() - start };
}

/** The next `length` bytes; rejects if the socket ends or fails first (unlike readBytes, which resolves short). */
export function readExactly(socket: Socket, length: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let total = 0;
    const finish = (error?: Error) => {
      socket.off('data', onData);
      socket.off('end', onEnd);
      socket.off('close', onEnd);
      socket.off('error', onError);
      const all = Buffer.concat(parts);
      if (error) return reject(error);
      if (all.length > length) socket.unshift(all.subarray(length));
      resolve(all.subarray(0, length));
    };
    const onData = (chunk: Buffer) => {
      parts.push(chunk);
      total += chunk.length;
      if (total >= length) finish();
    };
    const onEnd = () => finish(new Error(`socket ended after ${total} of ${length} bytes`));
    const onError = (error: Error) => finish(error);
    socket.on('data', onData);
    socket.once('end', onEnd);
    socket.once('close', onEnd);
    socket.once('error', onError);
  });
}

export interface Received {
  data: Buffer;
  /** Number of 'data' events, i.e. reads the application saw. */
  reads: number;
  /** 'end' (FIN), 'reset' (ECONNRESET), 'close' or another error code. */
  how: string;
  /** Milliseconds from the call to the end of the stream. */
  atMs: number;
  /** Milliseconds from the call to the first byte, or undefined. */
  firstByteMs: number | undefined;
}

/** Everything the socket delivers until it ends (FIN), is reset or closes. */
export function receiveAll(socket: Socket): Promise<Received> {
  const start = performance.now();
  return new Promise((resolve) => {
    const parts: Buffer[] = [];
    let firstByteMs: number | undefined;
    let settled = false;
    const settle = (how: string) => {
      if (settled) return;
      settled = true;
      resolve({ data: Buffer.concat(parts), reads: parts.length, how, atMs: performance.now() - start, firstByteMs });
    };
    socket.on('data', (chunk: Buffer) => {
      firstByteMs ??= performance.now() - start;
      parts.push(chunk);
    });
    socket.once('end', () => settle('end'));
    socket.once('error', (error: NodeJS.ErrnoException) => settle(error.code === 'ECONNRESET' ? 'reset' : (error.code ?? 'error')));
    socket.once('close', () => settle('close'));
  });
}

/**
 * A server that reads until the client half-closes, then replies `got <n>` and ends: it only works
 * through a proxy that keeps TCP half-close.
 */
export async function startReplyAfterEofServer(cleanup: Cleanup): Promise<number> {
  const server = createServer({ allowHalfOpen: true }, (socket) => {
    let count = 0;
    socket.on('data', (chunk: Buffer) => (count += chunk.length));
    socket.on('end', () => socket.end(`got ${count}`));
    socket.on('error', () => {});
  });
  return listen(server, cleanup);
}

/** A server that sends `payload` to each client as soon as it connects, then ends its side. */
export async function startSourceServer(cleanup: Cleanup, payload: Buffer): Promise<number> {
  const server = createServer({ allowHalfOpen: true }, (socket) => {
    socket.on('error', () => {});
    socket.on('data', () => {});
    socket.end(payload);
  });
  return listen(server, cleanup);
}

/** What an upstream server saw from one connection. */
export interface Drained {
  data: Buffer;
  /** Number of reads it took. */
  reads: number;
  how: string;
  /** performance.now() when the stream ended. */
  endedAt: number;
}

/**
 * A server that reads each connection to its end and hands what it got to `connections` in
 * accept order; it writes nothing.
 */
export async function startDrainServer(cleanup: Cleanup): Promise<{ port: number; next: () => Promise<Drained> }> {
  const results: Array<Promise<Drained>> = [];
  const waiters: Array<(result: Promise<Drained>) => void> = [];
  const server = createServer({ allowHalfOpen: true }, (socket) => {
    const result = receiveAll(socket).then((r) => {
      socket.end();
      return { data: r.data, reads: r.reads, how: r.how, endedAt: performance.now() };
    });
    const waiter = waiters.shift();
    if (waiter) waiter(result);
    else results.push(result);
  });
  const port = await listen(server, cleanup);
  return {
    port,
    next: () => {
      const ready = results.shift();
      return ready ?? new Promise<Drained>((resolve) => waiters.push((r) => void r.then(resolve)));
    },
  };
}

/**
 * An echo server that notes when each chunk arrived (performance.now(), the same clock as the
 * test's), so a test can tell the client→server delay from the server→client one.
 */
export async function startStampEchoServer(cleanup: Cleanup): Promise<{ port: number; arrivals: Array<{ at: number; data: Buffer }> }> {
  const arrivals: Array<{ at: number; data: Buffer }> = [];
  const server = createServer({ allowHalfOpen: true }, (socket) => {
    socket.on('error', () => {});
    socket.on('data', (chunk: Buffer) => {
      arrivals.push({ at: performance.now(), data: chunk });
      socket.write(chunk);
    });
    socket.on('end', () => socket.end());
  });
  return { port: await listen(server, cleanup), arrivals };
}

export type ToxicTypeName = 'latency' | 'bandwidth' | 'slow_close' | 'timeout' | 'reset_peer' | 'slicer' | 'limit_data' | 'noop';

/** Add a toxic through toxiproxy-node-client; name defaults to `<type>_<stream>`, toxicity to 1. */
export async function addToxic(
  proxy: ClientProxy,
  type: ToxicTypeName,
  stream: 'upstream' | 'downstream',
  attributes: Record<string, number>,
  options: { name?: string; toxicity?: number } = {},
): Promise<Toxic<Record<string, number>>> {
  // The client's Type union lacks noop, which the server accepts (Toxiproxy's TestAddNoop).
  return proxy.addToxic<Record<string, number>>({
    name: options.name ?? `${type}_${stream}`,
    type: type as 'latency',
    stream,
    toxicity: options.toxicity ?? 1,
    attributes,
  });
}

/** Change a toxic's attributes (merged) and toxicity through the node client. */
export async function updateToxic(toxic: Toxic<Record<string, number>>, attributes: Record<string, number>, toxicity = toxic.toxicity): Promise<Toxic<Record<string, number>>> {
  return toxic.update({ name: toxic.name, type: toxic.type, stream: toxic.stream, toxicity, attributes });
}

/** A port on 127.0.0.1 that was free a moment ago and has no listener now. */
export async function unusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Try to connect; resolves with 'connected' (and closes the socket) or the error code. */
export function tryConnect(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
  });
}

/** Port of a proxy's `listen` string such as `127.0.0.1:43191`. */
export function portOfListen(listenAddress: string): number {
  return Number(listenAddress.slice(listenAddress.lastIndexOf(':') + 1));
}

/** The value of one series in the server's Prometheus output, or undefined when absent. */
export async function metricValue(server: RunningProxyServer, name: string, labels: Record<string, string>): Promise<number | undefined> {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    const labelText = line.slice(name.length + 1, line.lastIndexOf('}'));
    const found = Object.fromEntries([...labelText.matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([key, value]) => found[key] === value)) return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return undefined;
}

/** Resolve once `condition` holds, checking after each turn of the event loop (no fixed sleeps). */
export async function eventually(condition: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await condition())) {
    if (performance.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Upper slack for timing assertions on a loaded 2-core machine; lower bounds stay near the setting. */
export const SLACK_MS = 250;

/** A fresh proxy server with one proxy in front of `upstreamPort`, both closed by `cleanup`. */
export async function proxyInFrontOf(cleanup: Cleanup, upstreamPort: number): Promise<{ server: RunningProxyServer; proxy: ClientProxy }> {
  const server = await startTestProxyServer(cleanup);
  return { server, proxy: await createTestProxy(server, upstreamPort) };
}
