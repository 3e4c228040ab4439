// The proxy under test, in its own process (as it is deployed). Started by lib.mjs with fork():
// it reports its API URL over IPC, answers {gc:true} with a full GC, and exits when the parent
// disconnects (or dies), closing every proxy and connection first.
import { startProxyServer } from '../dist/src/proxy/server.js';

const server = await startProxyServer({ host: '127.0.0.1', port: 0, seed: 1 });
process.on('message', (message) => {
  if (message?.gc && typeof globalThis.gc === 'function') {
    globalThis.gc();
    globalThis.gc();
  }
  process.send?.({ ack: message?.id });
});
process.on('disconnect', async () => {
  await server.close().catch(() => {});
  process.exit(0);
});
process.send({ url: server.url });
