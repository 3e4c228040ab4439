import { execFile } from 'node:child_process';
import { FaultlineError } from '../core/errors.js';

/**
 * Turn an OpenMetrics file into TSDB blocks in Prometheus' data folder, before Prometheus opens it
 * (`promtool tsdb create-blocks-from openmetrics`, Prometheus ≥ 2.24). promtool reads the whole file
 * once per two-hour block, so a three-day real-time baseline takes seconds, not milliseconds: allow minutes.
 */
const PROMTOOL_TIMEOUT_MS = 5 * 60_000;

export function writeBlocks(promtool: string, openMetricsFile: string, dataDir: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      promtool,
      ['tsdb', 'create-blocks-from', 'openmetrics', '--quiet', openMetricsFile, dataDir],
      { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024, timeout: PROMTOOL_TIMEOUT_MS },
      (error, stdout, stderr) => {
        const output = `${stdout}${stderr}`.trim();
        if (!error) return resolve(output);
        const tail = output.split('\n').slice(-20).join('\n');
        reject(new FaultlineError('FAULTLINE_PROMETHEUS_BACKFILL', `promtool tsdb create-blocks-from openmetrics failed (${error.message.split('\n')[0]})${tail ? `:\n${tail}` : ''}`, { file: openMetricsFile }));
      },
    );
  });
}
