import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { startProxyServer, type RunningProxyServer } from '../../src/proxy/server.js';

/** Servers and sockets a test opened; `closeAll` in afterEach tears every one down. */
export class Cleanup {
  private readonly tasks: Array<() => Promise<void> | void> = [];

  add(task: () => Promise<void> | void): void {
    this.tasks.push(task);
  }

  async closeAll(): Promise<void> {
    while (this.tasks.length > 0) await this.tasks.pop()?.();
  }
}

export function portOf(server: Server): number {
  return (server.address() as AddressInfo).port;
}

export async function listen(server: Server, cleanup: Cleanup): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  cleanup.add(
    () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  );
  return portOf(server);
}

/** A TCP echo server on 127.0.0.1 that keeps half-close: it ends its side when the client does. */
export async function startEchoServer(cleanup: Cleanup): Promise<number> {
  return listen(createServer({ allowHalfOpen: true }, (socket) => socket.pipe(socket)), cleanup);
}

/** A Faultline proxy server on a free port, closed by `cleanup`. */
export async function startTestProxyServer(cleanup: Cleanup, seed = 42): Promise<RunningProxyServer> {
  const server = await startProxyServer({ host: '127.0.0.1', port: 0, seed });
  cleanup.add(() => server.close());
  return server;
}

export async function connectTo(address: string | number, cleanup: Cleanup): Promise<Socket> {
  const [host, port] = typeof address === 'number' ? ['127.0.0.1', address] : splitAddress(address);
  const socket = connect({ host, port, allowHalfOpen: true });
  cleanup.add(() => {
    socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  return socket;
}

export function splitAddress(address: string): [string, number] {
  const colon = address.lastIndexOf(':');
  return [address.slice(0, colon).replace(/^\[|\]$/g, ''), Number(address.slice(colon + 1))];
}

/** Resolve with the next `bytes` bytes the socket delivers (or all it gets before it ends). */
export function readBytes(socket: Socket, bytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let total = 0;
    const done = () => {
      socket.off('data', onData);
      socket.off('end', done);
      socket.off('close', done);
      socket.off('error', reject);
      const all = Buffer.concat(parts);
      if (all.length > bytes) socket.unshift(all.subarray(bytes));
      resolve(all.subarray(0, bytes));
    };
    const onData = (chunk: Buffer) => {
      parts.push(chunk);
      total += chunk.length;
      if (total >= bytes) done();
    };
    socket.on('data', onData);
    socket.once('end', done);
    socket.once('close', done);
    socket.once('error', reject);
  });
}

/** How a socket ended: 'end' (FIN), 'reset' (ECONNRESET) or another error code, with the time it took. */
export function waitForClose(socket: Socket): Promise<{ how: string; atMs: number }> {
  const start = performance.now();
  return new Promise((resolve) => {
    let settled = false;
    const settle = (how: string) => {
      if (settled) return;
      settled = true;
      resolve({ how, atMs: performance.now() - start });
    };
    socket.on('data', () => {});
    socket.once('end', () => settle('end'));
    socket.once('error', (error: NodeJS.ErrnoException) => settle(error.code === 'ECONNRESET' ? 'reset' : (error.code ?? 'error')));
    socket.once('close', () => settle('close'));
  });
}
