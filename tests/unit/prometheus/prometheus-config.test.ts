import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { FaultlineError } from '../../../src/core/errors.js';
import { renderPrometheusConfig, resendDelayMs, scrapeIdentities, type PrometheusConfigOptions } from '../../../src/prometheus/prometheus-config.js';

const options: PrometheusConfigOptions = {
  jobs: [
    { job: 'gateway', targets: ['127.0.0.1:9100'] },
    { job: 'faultline-proxy', targets: ['127.0.0.1:8474'] },
    { job: 'faultline-harness', targets: ['127.0.0.1:8475'], metricsPath: '/harness/metrics' },
  ],
  intervalMs: 1000,
  ruleFiles: ['/tmp/x/rules/shop.rules.yml'],
  alertmanager: '127.0.0.1:9093',
};

describe('prometheus.yml', () => {
  const config = parse(renderPrometheusConfig(options));

  it('scrapes and evaluates at the one interval the rules were compiled for', () => {
    expect(config.global).toEqual({ scrape_interval: '1s', scrape_timeout: '1s', evaluation_interval: '1s' });
  });

  it('has one job per given name, sorted, each with its own scrape interval, path and targets', () => {
    expect(config.scrape_configs).toEqual([
      { job_name: 'faultline-harness', scrape_interval: '1s', metrics_path: '/harness/metrics', static_configs: [{ targets: ['127.0.0.1:8475'] }] },
      { job_name: 'faultline-proxy', scrape_interval: '1s', metrics_path: '/metrics', static_configs: [{ targets: ['127.0.0.1:8474'] }] },
      { job_name: 'gateway', scrape_interval: '1s', metrics_path: '/metrics', static_configs: [{ targets: ['127.0.0.1:9100'] }] },
    ]);
  });

  it('loads the rule files and sends alerts to the Alertmanager (API v2)', () => {
    expect(config.rule_files).toEqual(['/tmp/x/rules/shop.rules.yml']);
    expect(config.alerting).toEqual({ alertmanagers: [{ api_version: 'v2', static_configs: [{ targets: ['127.0.0.1:9093'] }] }] });
  });

  it('keeps Prometheus’ 10 s scrape timeout when the interval is longer', () => {
    expect(parse(renderPrometheusConfig({ ...options, intervalMs: 30_000 })).global).toEqual({ scrape_interval: '30s', scrape_timeout: '10s', evaluation_interval: '30s' });
  });

  it('is the same text whatever order the jobs come in', () => {
    expect(renderPrometheusConfig({ ...options, jobs: [...options.jobs].reverse() })).toBe(renderPrometheusConfig(options));
  });

  it.each([
    { what: 'two jobs of one name', change: { jobs: [options.jobs[0]!, options.jobs[0]!] }, message: /two scrape jobs are named "gateway"/ },
    { what: 'a job without targets', change: { jobs: [{ job: 'gateway', targets: [] }] }, message: /has no targets/ },
    { what: 'a target that is not host:port', change: { jobs: [{ job: 'gateway', targets: ['http://127.0.0.1:9100/metrics'] }] }, message: /is not host:port/ },
    { what: 'a relative metrics path', change: { jobs: [{ job: 'gateway', targets: ['127.0.0.1:1'], metricsPath: 'metrics' }] }, message: /must start with \// },
    { what: 'an interval of 0', change: { intervalMs: 0 }, message: /must be positive/ },
    { what: 'an Alertmanager URL instead of host:port', change: { alertmanager: 'http://127.0.0.1:9093' }, message: /must be host:port/ },
  ])('refuses $what', ({ change, message }) => {
    const render = () => renderPrometheusConfig({ ...options, ...change });
    expect(render).toThrow(FaultlineError);
    expect(render).toThrow(message);
  });
});

describe('scrape identities', () => {
  it('are the job and instance labels Prometheus will attach: job name and first target', () => {
    expect(scrapeIdentities(options.jobs)).toEqual({
      gateway: { job: 'gateway', instance: '127.0.0.1:9100' },
      'faultline-proxy': { job: 'faultline-proxy', instance: '127.0.0.1:8474' },
      'faultline-harness': { job: 'faultline-harness', instance: '127.0.0.1:8475' },
    });
  });
});

describe('the alert resend delay', () => {
  it.each([
    { timeScale: 1, intervalMs: 30_000, delayMs: 60_000 },
    { timeScale: 60, intervalMs: 1000, delayMs: 1000 },
    { timeScale: 720, intervalMs: 1000, delayMs: 1000 },
  ])('is Prometheus’ 1m divided by K = $timeScale, never under the evaluation interval', ({ timeScale, intervalMs, delayMs }) => {
    expect(resendDelayMs(timeScale, intervalMs)).toBe(delayMs);
  });
});
