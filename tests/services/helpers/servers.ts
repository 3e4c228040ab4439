import Fastify, { type FastifyInstance } from 'fastify';

/** Listen an app on loopback port 0 and return its base URL. */
export async function listen(app: FastifyInstance): Promise<string> {
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (typeof address !== 'object' || address === null) throw new Error('no TCP address');
  return `http://127.0.0.1:${address.port}`;
}

/**
 * A tiny stand-in for a dependency: a real Fastify server on loopback port 0 whose routes the test
 * defines. It closes its connections forcibly, so a test that left a request hanging still ends.
 */
export async function fakeDependency(define: (app: FastifyInstance) => void): Promise<{ url: string; app: FastifyInstance; close: () => Promise<void> }> {
  const app = Fastify({ logger: false, forceCloseConnections: true });
  define(app);
  // Healthy unless the test defined its own /healthz.
  if (!app.hasRoute({ method: 'GET', url: '/healthz' })) app.get('/healthz', async () => ({ status: 'ok' }));
  const url = await listen(app);
  return { url, app, close: () => app.close() };
}

/** A promise with its resolver outside, for holding a fake's answer until the test lets it go. */
export function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

/** Things to close after each test, closed in reverse order of creation. */
export class Closer {
  private readonly closers: (() => Promise<unknown> | unknown)[] = [];

  add<T extends { close: () => Promise<unknown> | unknown }>(closable: T): T {
    this.closers.push(() => closable.close());
    return closable;
  }

  async closeAll(): Promise<void> {
    while (this.closers.length > 0) await this.closers.pop()?.();
  }
}
