import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { Command } from 'commander';
import { FaultlineError } from '../core/errors.js';
import { formatProblems } from '../core/yaml-document.js';
import { loadSloSets, type SloLoadContext } from '../slo/load.js';
import type { SloSet } from '../slo/model.js';
import { exportOpenSlo } from '../slo/openslo/export.js';
import { importOpenSlo } from '../slo/openslo/import.js';
import { atomicWrite } from './atomic-write.js';
import { displayPath, sloLoadContext, sloPaths } from './slo-inputs.js';

/**
 * `faultline slo export --openslo` and `faultline slo import --openslo`: the OpenSLO v1 bridge
 * (docs/OPENSLO.md). The conversions are pure (src/slo/openslo/); this file reads, writes and reports.
 */

/** Where the commands write; the process' streams by default, a buffer in tests. */
export interface CliOutput {
  stdout(text: string): void;
  stderr(text: string): void;
}

const processOutput: CliOutput = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
};

interface ExportOptions {
  openslo?: boolean;
  output?: string;
  topology?: string;
  json?: boolean;
}

interface ImportOptions extends ExportOptions {
  name?: string;
}

export function openSloExportCommand(out: CliOutput = processOutput): Command {
  return new Command('export')
    .description('Write Faultline SLO files as one OpenSLO v1 file: Services, SLOs, and the burn-rate AlertPolicies, AlertConditions and AlertNotificationTargets they share')
    .argument('[files...]', "SLO files (default: the package's slo/*.yaml)")
    .option('--openslo', 'write OpenSLO v1 (required: the format to export to)')
    .option('-o, --output <file>', 'write this file (atomically: all or nothing) instead of standard output')
    .option('--topology <file>', 'topology that names the services (default: the shipped services/topology.yaml)')
    .option('--json', 'print a JSON report (documents per kind, warnings; the OpenSLO text too when there is no -o)')
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  faultline slo export --openslo                          # the shipped slo/*.yaml, to standard output',
        '  faultline slo export --openslo slo/shop.yaml -o shop.openslo.yaml',
        '',
        'OpenSLO v1 gives an alert condition one lookback window; the short window of each Workbook pair is kept in',
        'the faultline.dev/short-window annotation, and `faultline slo import --openslo` gives back the same SLOs.',
        'The mapping and what other tools will not see: docs/OPENSLO.md.',
      ].join('\n'),
    )
    .exitOverride()
    .action(async (files: string[], options: ExportOptions) => {
      requireFormat(options, 'export');
      const paths = sloPaths(files);
      const sets = await loadAll(paths, await sloLoadContext(options.topology));
      const exported = exportOpenSlo(sets.map((set, i) => ({ set, source: displayPath(paths[i] as string) })));
      for (const warning of exported.warnings) out.stderr(`warning: ${warning}\n`);
      const sources = paths.map(displayPath);
      if (options.output !== undefined) atomicWrite(options.output, exported.text);
      const output = options.output !== undefined ? displayPath(options.output) : null;
      if (options.json) {
        out.stdout(`${JSON.stringify({ output, sources, documents: exported.counts, warnings: exported.warnings, ...(output === null ? { text: exported.text } : {}) })}\n`);
      } else if (output === null) out.stdout(exported.text);
      else {
        const counts = Object.entries(exported.counts).map(([kind, n]) => `${n} ${n === 1 ? kind : kind.replace(/y$/, 'ie')}${n === 1 ? '' : 's'}`);
        out.stdout(`wrote ${output} (${counts.join(', ')}) from ${sources.join(', ')}\n`);
      }
    });
}

export function openSloImportCommand(out: CliOutput = processOutput): Command {
  return new Command('import')
    .description('Turn an OpenSLO v1 file into a Faultline SLO file (apiVersion faultline.dev/v1, kind SLOSet), checked as `faultline slo compile` would')
    .argument('<file>', 'the OpenSLO file (one or more YAML documents)')
    .option('--openslo', 'read OpenSLO v1 (required: the format to import from)')
    .option('-o, --output <file>', 'write this file (atomically: all or nothing) instead of standard output')
    .option('--name <name>', 'name of the SLO set (default: the set the SLOs were exported from, else the file name)')
    .option('--topology <file>', 'topology that names the services (default: the shipped services/topology.yaml)')
    .option('--json', 'print a JSON report (SLO ids, warnings; the SLO file too when there is no -o)')
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  faultline slo import --openslo checkout.openslo.yaml -o slo/checkout.yaml',
        '  faultline slo import --openslo shop.openslo.yaml --name shop --json',
        '',
        "Faultline's own queries come back as availability, latency and clientAvailability SLIs; other Prometheus",
        'queries become custom SLIs. Alert conditions that are not the Workbook pairs of the period are reported',
        'on standard error (Faultline generates those pairs). Exit 2 with file:line:column: path: message for each',
        'problem, writing nothing. The mapping: docs/OPENSLO.md.',
      ].join('\n'),
    )
    .exitOverride()
    .action(async (file: string, options: ImportOptions) => {
      requireFormat(options, 'import');
      if (options.name !== undefined && options.name.trim() === '') throw new FaultlineError('FAULTLINE_CLI_BAD_OPTION', '--name must not be empty');
      const context = await sloLoadContext(options.topology);
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (error) {
        throw new FaultlineError('FAULTLINE_CONFIG_READ', `${file}: cannot read the OpenSLO file: ${(error as Error).message}`, { file });
      }
      const shown = displayPath(file);
      const imported = importOpenSlo(text, {
        file: shown,
        services: context.services,
        ...(options.name !== undefined ? { name: options.name } : {}),
        defaultName: basename(file, extname(file)).replace(/\.openslo$/, ''),
      });
      if (imported.warnings.length > 0) out.stderr(`${formatProblems(shown, imported.warnings).split('\n').map((line) => `warning: ${line}`).join('\n')}\n`);
      if (options.output !== undefined) atomicWrite(options.output, imported.text);
      const output = options.output !== undefined ? displayPath(options.output) : null;
      const slos = imported.set.slos.map((slo) => slo.id);
      if (options.json) {
        out.stdout(`${JSON.stringify({ output, set: imported.set.name, slos, warnings: imported.warnings, ...(output === null ? { text: imported.text } : {}) })}\n`);
      } else if (output === null) out.stdout(imported.text);
      else out.stdout(`wrote ${output} (set ${imported.set.name}: ${slos.length} SLO${slos.length === 1 ? '' : 's'}) from ${shown}\n`);
    });
}

function requireFormat(options: ExportOptions, verb: 'import' | 'export'): void {
  if (!options.openslo) {
    throw new FaultlineError('FAULTLINE_CLI_BAD_OPTION', `say which format to ${verb}: --openslo (OpenSLO v1) is the only one, e.g. faultline slo ${verb} --openslo ${verb === 'import' ? '<file>' : '[files...]'}`);
  }
}

/** Every file is loaded before anything is written, and the problems of all of them are reported at once. */
async function loadAll(paths: readonly string[], context: SloLoadContext): Promise<SloSet[]> {
  return (await loadSloSets(paths, context)).map((loaded) => loaded.set);
}
