import { createServer, type AddressInfo } from 'node:net';

/**
 * A loopback port nobody listens on right now. The stack passes real ports to Prometheus and
 * Alertmanager rather than port 0: both print the port they got only in a log line, and each must
 * know its own address up front for `--web.external-url` (the links in alerts and notifications).
 * Another program may take the port before the child binds it; the stack retries on that.
 */
export function freeLoopbackPort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ host, port: 0, exclusive: true }, () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
