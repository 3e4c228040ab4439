/**
 * The dependency rules of docs/ARCHITECTURE.md (from DESIGN.md), checked in CI by `npm run depcheck`.
 * Imports point downward only; no cycles.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    { name: 'no-cycles', severity: 'error', comment: 'Modules must not depend on each other in a circle.', from: {}, to: { circular: true } },
    { name: 'core-is-a-leaf', severity: 'error', comment: 'src/core imports nothing else from src/.', from: { path: '^src/core/' }, to: { path: '^src/(?!core/)' } },
    {
      name: 'toxics-and-streams-are-pure',
      severity: 'error',
      comment: 'proxy/toxics and proxy/stream never touch sockets or HTTP.',
      from: { path: '^src/proxy/(toxics|stream)/' },
      to: { path: '^(node:)?(net|http|https|http2|dgram|tls|fs|child_process)$|node_modules/(fastify|undici|toxiproxy-node-client)/', dependencyTypes: ['core', 'npm', 'npm-dev', 'local'] },
    },
    { name: 'stream-does-not-know-toxics', severity: 'error', comment: 'The pipeline machinery depends on the toxic interface, not on toxic implementations.', from: { path: '^src/proxy/stream/' }, to: { path: '^src/proxy/(?!stream/)' } },
    { name: 'proxy-api-stays-in-proxy', severity: 'error', comment: 'proxy/ never imports runner, slo, load, postmortem or topology.', from: { path: '^src/proxy/' }, to: { path: '^src/(runner|slo|load|postmortem|topology)/' } },
    { name: 'slo-is-independent', severity: 'error', comment: 'slo never imports runner, proxy, load, postmortem, prometheus or harness.', from: { path: '^src/slo/' }, to: { path: '^src/(runner|proxy|load|postmortem|prometheus|harness)/' } },
    { name: 'prometheus-is-an-adapter', severity: 'error', comment: 'src/prometheus runs Prometheus for the SLO layer; it knows only core and slo.', from: { path: '^src/prometheus/' }, to: { path: '^src/(?!core/|slo/|prometheus/)' } },
    { name: 'dashboards-are-builders', severity: 'error', comment: 'src/dashboards builds Grafana JSON and stack configs from core, slo, prometheus and topology.', from: { path: '^src/dashboards/' }, to: { path: '^src/(?!core/|slo/|prometheus/|topology/|dashboards/)' } },
    { name: 'harness-composes-below-the-runner', severity: 'error', comment: 'src/harness composes topology, slo and prometheus; the runner uses it, never the other way round.', from: { path: '^src/harness/' }, to: { path: '^src/(runner|postmortem|cli)/' } },
    { name: 'runner-uses-the-toxiproxy-client', severity: 'error', comment: 'runner reaches the proxy only through toxiproxy-node-client.', from: { path: '^src/runner/' }, to: { path: '^src/proxy/' } },
    { name: 'postmortem-reads-journal-types-only', severity: 'error', comment: 'postmortem never runs anything.', from: { path: '^src/postmortem/' }, to: { path: '^src/(?!core/|postmortem/|runner/journal)' } },
    {
      name: 'services-stay-small',
      severity: 'error',
      comment: 'services import only fastify, prom-client, the resilience library, services/shared, and from src/ only the contract (conventions.ts, service-contract.ts) and the dependency-free clock.ts and random.ts.',
      from: { path: '^services/' },
      to: { path: '^src/(?!core/(conventions|service-contract|clock|random)\\.ts$)' },
    },
    { name: 'services-are-independent', severity: 'error', comment: 'A service never imports another service; they talk over HTTP through proxies.', from: { path: '^services/([^/]+)/' }, to: { path: '^services/', pathNot: ['^services/shared/', '^services/$1/'] } },
    { name: 'harness-never-imports-services', severity: 'error', comment: 'The harness starts services as processes; it never links their code.', from: { path: '^src/' }, to: { path: '^services/' } },
    { name: 'nothing-imports-cli', severity: 'error', comment: 'The CLI is the outermost layer.', from: { path: '^(?!src/cli/)' }, to: { path: '^src/cli/' } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.js'] },
  },
};
