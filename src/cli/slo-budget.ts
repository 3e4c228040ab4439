import { Command } from 'commander';
import { FaultlineError } from '../core/errors.js';
import { packageFile } from '../core/package-root.js';
import type { SloStatusJson } from '../harness/slo-json.js';
import { loadTopology } from '../topology/load.js';

interface BudgetOptions {
  url?: string;
  topology?: string;
  json?: boolean;
}

/** `faultline slo budget`: the live error budgets of a running system, from its harness API. */
export function budgetCommand(): Command {
  return new Command('budget')
    .description('Show the live error budgets of a running system (`faultline up`): SLI, burn rates, budget left and alerts, per SLO')
    .option('--url <url>', "the harness API (default: the topology's supervisor address, http://127.0.0.1:8475)")
    .option('--topology <file>', 'topology that names the harness address (default: the shipped services/topology.yaml)')
    .option('--json', 'print the statuses as JSON (the harness\'s GET /slo)')
    .addHelpText('after', '\nExit code 0 when the budgets were read, 1 when the harness cannot be reached.\nExample: faultline up --time-scale 720 & faultline slo budget')
    .action(async (options: BudgetOptions) => {
      const base = options.url?.replace(/\/$/, '') ?? `http://${(await loadTopology(options.topology ?? packageFile('services/topology.yaml'))).supervisorAdmin}`;
      const body = await readBudgets(base);
      if (options.json) process.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
      else process.stdout.write(budgetTable(body.slos, body.at));
    });
}

async function readBudgets(base: string): Promise<{ at: string; slos: SloStatusJson[] }> {
  let response: Response;
  try {
    response = await fetch(`${base}/slo`, { signal: AbortSignal.timeout(5000) });
  } catch (error) {
    throw new FaultlineError('FAULTLINE_HARNESS_UNREACHABLE', `cannot reach the harness at ${base}: ${(error as Error).cause instanceof Error ? ((error as Error).cause as Error).message : (error as Error).message}; is \`faultline up\` running? (pass --url for another address)`);
  }
  if (!response.ok) throw new FaultlineError('FAULTLINE_HARNESS_UNREACHABLE', `${base}/slo answered ${response.status}; is this a Faultline harness API?`);
  return (await response.json()) as { at: string; slos: SloStatusJson[] };
}

/** One row per SLO: the fastest windows tell what is burning now, the budget what is left of the period. */
export function budgetTable(slos: readonly SloStatusJson[], at: string): string {
  const percent = (value: number | null | undefined, digits = 2) => (value === null || value === undefined ? '—' : `${(value * 100).toFixed(digits)} %`);
  const burn = (value: number | null | undefined) => (value === null || value === undefined ? '—' : `${value.toFixed(1)}×`);
  const header = ['SLO', 'objective', 'period', 'errors (short)', 'burn short/long', 'budget left', 'alerts'];
  const rows = slos.map((slo) => {
    if (!slo.budget) return [slo.id, `${slo.objective} %`, slo.period, 'Prometheus only', '', '', ''];
    const quick = slo.budget.alerts.find((a) => a.severity === 'page' && a.speed === 'quick');
    const window = (name: string | undefined) => slo.budget?.windows.find((w) => w.window === name);
    const firing = [slo.budget.firing.page ? 'PAGE' : '', slo.budget.firing.ticket ? 'ticket' : ''].filter(Boolean).join(' ') || 'none';
    const low = slo.lowTraffic ? ` (low traffic: 1 failure = ${slo.lowTraffic.oneFailureBurn.toFixed(0)}×)` : '';
    return [
      slo.id,
      `${slo.objective} %`,
      `${slo.period}${slo.method === 'timeslices' ? ' slices' : ''}`,
      `${percent(window(quick?.short)?.errorRatio)} / ${quick?.short ?? '?'}`,
      `${burn(window(quick?.short)?.burnRate)} / ${burn(window(quick?.long)?.burnRate)}`,
      percent(slo.budget.remaining, 1),
      `${firing}${low}`,
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) => `  ${cells.map((c, i) => c.padEnd(widths[i] as number)).join('  ')}`.trimEnd();
  const scale = slos[0] && slos[0].timeScale > 1 ? `, time compressed ${slos[0].timeScale}×` : '';
  return `\nError budgets at ${at}${scale}\n${line(header)}\n${rows.map(line).join('\n')}\n`;
}
