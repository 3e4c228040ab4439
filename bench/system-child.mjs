// The shop (services/topology.yaml on ephemeral ports) as `faultline up` runs it: this process holds
// the supervisor and the embedded proxy, each service is its own child process. Started by lib.mjs
// (startSystemChild) with fork(); argv: wiring ('direct' or 'proxied'), seed, data folder, and the
// services' log level ('' for their default). Reports {gateway, pids} over IPC once every service
// is ready; when the parent disconnects (or dies) it stops every service and proxy, then exits.
import { packageFile } from '../dist/src/core/package-root.js';
import { loadTopology } from '../dist/src/topology/load.js';
import { withEphemeralPorts } from '../dist/src/topology/model.js';
import { startSystem } from '../dist/src/topology/system.js';

const [wiring, seed, dataDir, logLevel] = process.argv.slice(2);

let system;
try {
  const topology = withEphemeralPorts(await loadTopology(packageFile('services/topology.yaml')));
  system = await startSystem({
    topology,
    dataDir,
    seed: Number(seed),
    wiring,
    ...(logLevel ? { serviceLogLevel: logLevel } : {}),
    // Service log lines are read (as `faultline up` reads them) but not printed.
    onLog: () => {},
    onNotice: (message) => console.error(`system-child (${wiring}): ${message}`),
  });
} catch (error) {
  console.error(`system-child (${wiring}): could not start the system: ${error.message}`);
  process.exit(1);
}

process.on('disconnect', async () => {
  await system.close().catch((error) => console.error(`system-child (${wiring}): close failed: ${error.message}`));
  process.exit(0);
});
const pids = Object.fromEntries(system.supervisor.list().map((s) => [s.name, s.pid]));
process.send({ gateway: system.endpoints.gateway, pids: { supervisor: process.pid, ...pids } });
