// A bare Node TCP relay (no API, no toxics, no counters): the reference for what any Node proxy
// can do on this host. Started by lib.mjs like the proxy child; argv[2] is the upstream port.
import { connect, createServer } from 'node:net';

const upstreamPort = Number(process.argv[2]);
const sockets = new Set();
const relay = (from, to) => {
  from.on('data', (chunk) => to.write(chunk) || from.pause());
  to.on('drain', () => from.resume());
  from.on('end', () => to.end());
};
const server = createServer({ allowHalfOpen: true }, (client) => {
  const upstream = connect({ host: '127.0.0.1', port: upstreamPort, allowHalfOpen: true });
  for (const socket of [client, upstream]) {
    sockets.add(socket);
    socket.setNoDelay(true);
    socket.on('error', () => {});
    socket.on('close', () => {
      sockets.delete(socket);
      client.destroy();
      upstream.destroy();
    });
  }
  relay(client, upstream);
  relay(upstream, client);
});
server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
process.on('disconnect', () => {
  for (const socket of sockets) socket.destroy();
  server.close(() => process.exit(0));
});
