import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock, type Clock } from '../core/clock.js';
import { FaultlineError } from '../core/errors.js';
import { silentLogger, type Logger } from '../core/logger.js';
import type { Slo, SloSet } from '../slo/model.js';
import type { SloWarning } from '../slo/rules.js';
import { promDuration } from '../slo/windows.js';
import { renderAlertmanagerConfig } from './alertmanager-config.js';
import { buildBackfill } from './backfill.js';
import { locatePrometheusBinaries, type PrometheusBinaries } from './binaries.js';
import { ManagedChild } from './child-process.js';
import { freeLoopbackPort } from './free-port.js';
import { checkScrapeJobs, renderPrometheusConfig, resendDelayMs, scrapeIdentities, type ScrapeJob } from './prometheus-config.js';
import { startError, waitUntilReady } from './readiness.js';
import { writeBlocks } from './write-blocks.js';

/**
 * A real Prometheus and Alertmanager for `faultline up --prometheus`, as child processes on
 * loopback, in a temporary folder that close() removes. Alertmanager starts first (Prometheus'
 * config names it), then the healthy baseline is backfilled, then Prometheus opens it: the baseline
 * ends as close to Prometheus' first scrape as it can.
 */

export type StackProcess = 'prometheus' | 'alertmanager';

export interface RuleFile {
  /** A plain file name, e.g. `shop.rules.yml` (compileSloFile's `rulesFile`). */
  name: string;
  /** The rules, e.g. compileSloFile's `rules`. */
  text: string;
}

export interface StackBackfillOptions {
  /** The SLOs whose series get a healthy history (the ones the rule files were compiled from). */
  slos: SloSet;
  /** Requests per second each SLO sees when healthy; default its declared rate, else 5. */
  requestsPerSecond?: (slo: Slo) => number;
}

export interface PrometheusStackOptions {
  /** One job per service (named after it), plus `faultline-proxy` and `faultline-harness`. */
  jobs: readonly ScrapeJob[];
  /** Scrape and evaluation interval: the one the rules were compiled for. */
  intervalMs: number;
  rules?: readonly RuleFile[];
  /** Where Alertmanager POSTs notifications. */
  webhookUrl: string;
  /** K of the rules; shrinks Alertmanager's timings too. Default the backfilled SLO file's, else 1. */
  timeScale?: number;
  /** Write a healthy history of these SLOs' series before Prometheus starts (needs promtool). */
  backfill?: StackBackfillOptions;
  /** Default: located on the PATH or through FAULTLINE_PROMETHEUS / _ALERTMANAGER / _PROMTOOL. */
  binaries?: PrometheusBinaries;
  /** Fixed ports; default free loopback ports. */
  ports?: Partial<Record<StackProcess, number>>;
  /** How long each child may take to answer /-/ready. Default 30 s. */
  readyTimeoutMs?: number;
  /** How long each child may take to exit after SIGTERM before SIGKILL. Default 5 s. */
  stopGraceMs?: number;
  /** Parent of the temporary folder; default the OS's. */
  tempRoot?: string;
  clock?: Clock;
  logger?: Logger;
  /** Every line the children log (Go logfmt); default: the logger at debug level. */
  onLog?(source: StackProcess, line: string, stream: 'stdout' | 'stderr'): void;
}

export interface BackfillSummary {
  series: number;
  samples: number;
  firstMs: number;
  lastMs: number;
}

export interface RunningPrometheusStack {
  prometheusUrl: string;
  alertmanagerUrl: string;
  /** The temporary folder: configs, rules and both data folders. */
  dataDir: string;
  pids: Record<StackProcess, number | undefined>;
  backfill: BackfillSummary | undefined;
  /** SLOs the baseline could not cover. */
  warnings: SloWarning[];
  /** Stop Prometheus, then Alertmanager (SIGTERM, SIGKILL after the grace period), and remove the folder. */
  close(): Promise<void>;
}

const HOST = '127.0.0.1';
const BIND_ATTEMPTS = 3;
/** How both binaries (Go's net package) report a port someone else holds. */
const PORT_TAKEN = /address already in use/i;

export async function startPrometheusStack(options: PrometheusStackOptions): Promise<RunningPrometheusStack> {
  const logger = options.logger ?? silentLogger();
  const clock = options.clock ?? systemClock;
  const readyTimeoutMs = options.readyTimeoutMs ?? 30_000;
  const stopGraceMs = options.stopGraceMs ?? 5_000;
  const timeScale = options.timeScale ?? options.backfill?.slos.timeScale ?? 1;
  // Everything the binaries would refuse is refused before anything starts.
  checkScrapeJobs(options.jobs, options.intervalMs);
  const rules = options.rules ?? [];
  checkRuleFiles(rules);
  const alertmanagerConfig = renderAlertmanagerConfig({ webhookUrl: options.webhookUrl, timeScale });
  const binaries = options.binaries ?? locatePrometheusBinaries();
  const onLog = options.onLog ?? ((source, line) => logger.debug({ process: source }, line));

  const dir = await mkdtemp(join(options.tempRoot ?? tmpdir(), 'faultline-prometheus-'));
  const children: ManagedChild[] = [];
  const close = async () => {
    // Prometheus first, so no alert is sent to an Alertmanager that is already gone.
    for (const child of [...children].reverse()) await child.stop(stopGraceMs);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const paths = { prometheusConfig: join(dir, 'prometheus.yml'), alertmanagerConfig: join(dir, 'alertmanager.yml'), rules: join(dir, 'rules'), tsdb: join(dir, 'prometheus-data'), alertmanagerData: join(dir, 'alertmanager-data') };
    await mkdir(paths.rules);
    await mkdir(paths.tsdb);
    await mkdir(paths.alertmanagerData);
    for (const rule of rules) await writeFile(join(paths.rules, rule.name), rule.text);
    await writeFile(paths.alertmanagerConfig, alertmanagerConfig);

    const alertmanager = await startChild('alertmanager', options.ports?.alertmanager, (port) => ({
      command: binaries.alertmanager,
      args: [
        `--config.file=${paths.alertmanagerConfig}`,
        `--storage.path=${paths.alertmanagerData}`,
        `--web.listen-address=${HOST}:${port}`,
        `--web.external-url=http://${HOST}:${port}/`,
        // No gossip: a lone Alertmanager needs no cluster, and the default listens on 0.0.0.0:9094.
        '--cluster.listen-address=',
      ],
    }));

    const warnings: SloWarning[] = [];
    let backfill: BackfillSummary | undefined;
    if (options.backfill) {
      const built = buildBackfill({
        slos: options.backfill.slos,
        timeScale,
        scrapeIntervalMs: options.intervalMs,
        targets: scrapeIdentities(options.jobs),
        ...(options.backfill.requestsPerSecond ? { requestsPerSecond: options.backfill.requestsPerSecond } : {}),
        endMs: clock.now(),
      });
      warnings.push(...built.warnings);
      for (const warning of built.warnings) logger.warn({ slo: warning.slo }, warning.message);
      if (built.series > 0) {
        const file = join(dir, 'baseline.om');
        await writeFile(file, built.text);
        await writeBlocks(binaries.promtool, file, paths.tsdb);
        // Tens of megabytes of text the blocks now hold.
        await rm(file, { force: true });
        backfill = { series: built.series, samples: built.samples, firstMs: built.firstMs, lastMs: built.lastMs };
        logger.info({ ...backfill }, 'backfilled a healthy baseline');
      }
    }

    await writeFile(
      paths.prometheusConfig,
      renderPrometheusConfig({ jobs: options.jobs, intervalMs: options.intervalMs, ruleFiles: rules.map((rule) => join(paths.rules, rule.name)), alertmanager: `${HOST}:${alertmanager.port}` }),
    );
    const prometheus = await startChild('prometheus', options.ports?.prometheus, (port) => ({
      command: binaries.prometheus,
      args: [
        `--config.file=${paths.prometheusConfig}`,
        `--storage.tsdb.path=${paths.tsdb}`,
        `--web.listen-address=${HOST}:${port}`,
        `--web.external-url=http://${HOST}:${port}/`,
        `--rules.alert.resend-delay=${promDuration(resendDelayMs(timeScale, options.intervalMs))}`,
      ],
    }));

    let closing: Promise<void> | undefined;
    return {
      prometheusUrl: prometheus.url,
      alertmanagerUrl: alertmanager.url,
      dataDir: dir,
      pids: { prometheus: prometheus.child.pid, alertmanager: alertmanager.child.pid },
      backfill,
      warnings,
      close: () => (closing ??= close()),
    };
  } catch (error) {
    await close();
    throw error;
  }

  /** Start one child on a free port and wait until it is ready; take another port if the first was snatched. */
  async function startChild(name: StackProcess, fixedPort: number | undefined, command: (port: number) => { command: string; args: string[] }) {
    for (let attempt = 1; ; attempt++) {
      const port = fixedPort ?? (await freeLoopbackPort(HOST));
      const url = `http://${HOST}:${port}`;
      const child = new ManagedChild({ name, ...command(port), fatal: PORT_TAKEN, onLine: (line, stream) => onLog(name, line, stream) });
      children.push(child);
      try {
        await waitUntilReady(child, url, { timeoutMs: readyTimeoutMs });
        logger.info({ process: name, pid: child.pid, url }, `${name} is ready`);
        void child.exited.then((exit) => {
          if (!child.stopping) logger.warn({ process: name, code: exit.code, signal: exit.signal }, `${name} exited without being stopped`);
        });
        return { child, port, url };
      } catch (error) {
        await child.stop(stopGraceMs);
        children.splice(children.indexOf(child), 1);
        if (fixedPort === undefined && child.fatalLine !== undefined && attempt < BIND_ATTEMPTS) {
          logger.info({ process: name, port }, `${name}: port ${port} was taken meanwhile, trying another`);
          continue;
        }
        if (error instanceof FaultlineError) throw error;
        throw startError(child, `${name} failed to start: ${(error as Error).message}`);
      }
    }
  }
}

function checkRuleFiles(rules: readonly RuleFile[]): void {
  const seen = new Set<string>();
  for (const rule of rules) {
    if (!/^[\w.-]+$/.test(rule.name) || rule.name === '.' || rule.name === '..') throw new FaultlineError('FAULTLINE_PROMETHEUS_CONFIG', `rule file name "${rule.name}" is not a plain file name`);
    if (seen.has(rule.name)) throw new FaultlineError('FAULTLINE_PROMETHEUS_CONFIG', `two rule files are named "${rule.name}"`);
    seen.add(rule.name);
  }
}
