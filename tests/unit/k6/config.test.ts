import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { arrivalOffsets } from '../../../src/load/schedule.js';
import { constantArrivalRate, DEFAULTS, durationMs, rampingArrivalRate, readConfig, vuPool } from '../../../load/k6/lib/config.js';

const experiment = (name: string) =>
  parse(readFileSync(new URL(`../../../experiments/${name}.yaml`, import.meta.url), 'utf8')) as {
    seed: number;
    load: { rate?: number; duration?: string; startRate?: number; stages?: Array<{ duration: string; rate: number }>; timeout: string };
  };

describe('the k6 scripts read their environment', () => {
  it("default to the demo experiment's load (experiments/payments-outage.yaml, what `npm start` runs)", () => {
    const demo = experiment('payments-outage');
    const config = readConfig({});
    expect({ rate: config.rate, duration: config.duration, timeout: config.timeout, seed: config.seed }).toEqual({
      rate: demo.load.rate,
      duration: demo.load.duration,
      timeout: demo.load.timeout,
      seed: demo.seed,
    });
    expect(config.target).toBe('http://127.0.0.1:8080');
    expect(config.weights).toBeUndefined();
  });

  it("ramp by default as the catalogue's ramping experiment does (experiments/retry-storm.yaml)", () => {
    const ramp = experiment('retry-storm');
    const config = readConfig({});
    expect(config.startRate).toBe(ramp.load.startRate);
    expect(config.stages).toEqual(ramp.load.stages?.map((stage) => ({ duration: stage.duration, target: stage.rate })));
  });

  it('start as many requests per stage as the built-in schedule (k6 places them differently within it)', () => {
    const config = readConfig({});
    const builtin = arrivalOffsets({ startRate: config.startRate, stages: config.stages.map((stage) => ({ durationMs: durationMs(stage.duration), targetRate: stage.target })) });
    // k6's ramping-arrival-rate starts arrival n when the rate's integral reaches n + 1, so a stage
    // ramping from r0 to r1 over d seconds holds floor((r0 + r1) / 2 × d) starts; the built-in rounds.
    let rate = config.startRate;
    let at = 0;
    let k6Total = 0;
    for (const stage of config.stages) {
      const seconds = durationMs(stage.duration) / 1000;
      k6Total += ((rate + stage.target) / 2) * seconds;
      rate = stage.target;
      at += seconds * 1000;
    }
    expect(builtin.length).toBe(Math.floor(k6Total));
    expect(builtin.every((offset) => offset < at)).toBe(true);
  });

  it('take every variable, trimmed, with the origin stripped of a trailing slash', () => {
    const config = readConfig({
      GATEWAY_URL: ' http://10.0.0.5:18080/ ',
      LOAD_SEED: '7',
      LOAD_MIX: 'browse=50, product=20 ,order=30',
      LOAD_TIMEOUT: '1m30s',
      LOAD_RATE: '120',
      LOAD_DURATION: '2m',
      LOAD_START_RATE: '0',
      LOAD_STAGES: '10s:50,0s:80,1m:80,30s:0',
      LOAD_PRE_ALLOCATED_VUS: '20',
      LOAD_MAX_VUS: '400',
    });
    expect(config).toEqual({
      target: 'http://10.0.0.5:18080',
      seed: 7,
      weights: { browse: 50, product: 20, order: 30 },
      timeout: '1m30s',
      timeoutMs: 90_000,
      rate: 120,
      duration: '2m',
      startRate: 0,
      stages: [
        { duration: '10s', target: 50 },
        { duration: '0s', target: 80 },
        { duration: '1m', target: 80 },
        { duration: '30s', target: 0 },
      ],
      preAllocatedVUs: 20,
      maxVUs: 400,
    });
  });

  it('report every bad variable at once', () => {
    const attempt = () =>
      readConfig({
        GATEWAY_URL: 'http://127.0.0.1:8080/api',
        LOAD_SEED: '-1',
        LOAD_MIX: 'browse=1,checkout=2',
        LOAD_TIMEOUT: '3',
        LOAD_RATE: '2.5',
        LOAD_DURATION: 'soon',
        LOAD_STAGES: '5s:20,30s',
        LOAD_PRE_ALLOCATED_VUS: '50',
        LOAD_MAX_VUS: '10',
      });
    expect(attempt).toThrow(/invalid k6 load configuration/);
    const message = (() => {
      try {
        attempt();
        return '';
      } catch (error) {
        return (error as Error).message;
      }
    })();
    for (const name of ['GATEWAY_URL', 'LOAD_SEED', 'LOAD_MIX: "checkout=2"', 'LOAD_TIMEOUT', 'LOAD_RATE', 'LOAD_DURATION', 'LOAD_STAGES: "30s"', 'LOAD_MAX_VUS=10 is below']) expect(message).toContain(name);
  });

  it('refuse a mix that sends nothing and stages that last 0 s', () => {
    expect(() => readConfig({ LOAD_MIX: 'browse=0,order=0' })).toThrow(/no kind has a weight above 0/);
    expect(() => readConfig({ LOAD_STAGES: '0s:20' })).toThrow(/last 0 s/);
  });

  it.each([
    ['30s', 30_000],
    ['1m30s', 90_000],
    ['250ms', 250],
    ['1.5s', 1500],
    ['2h', 7_200_000],
    ['30', Number.NaN],
    ['', Number.NaN],
    ['1d', Number.NaN],
  ])('reads the k6 duration %j as %d ms', (text, ms) => {
    expect(durationMs(text)).toBe(ms);
  });
});

describe('the arrival-rate scenarios', () => {
  it('size the VU pool for a timeout of requests at the peak rate, unless told', () => {
    const config = readConfig({});
    expect(vuPool(config, 30)).toEqual({ preAllocatedVUs: 30, maxVUs: 120 });
    expect(vuPool(readConfig({ LOAD_MAX_VUS: '50' }), 30)).toEqual({ preAllocatedVUs: 30, maxVUs: 50 });
    expect(vuPool(readConfig({ LOAD_MAX_VUS: '10' }), 30)).toEqual({ preAllocatedVUs: 10, maxVUs: 10 });
    expect(vuPool(readConfig({ LOAD_PRE_ALLOCATED_VUS: '200' }), 30)).toEqual({ preAllocatedVUs: 200, maxVUs: 200 });
  });

  it("build k6's constant-arrival-rate from LOAD_RATE and LOAD_DURATION", () => {
    expect(constantArrivalRate(readConfig({}))).toEqual({
      executor: 'constant-arrival-rate',
      rate: DEFAULTS.rate,
      timeUnit: '1s',
      duration: DEFAULTS.duration,
      preAllocatedVUs: 30,
      maxVUs: 120,
      gracefulStop: '4000ms',
    });
  });

  it("build k6's ramping-arrival-rate from LOAD_START_RATE and LOAD_STAGES, sized for the peak", () => {
    expect(rampingArrivalRate(readConfig({}))).toEqual({
      executor: 'ramping-arrival-rate',
      startRate: 20,
      timeUnit: '1s',
      stages: [
        { duration: '5s', target: 20 },
        { duration: '30s', target: 35 },
      ],
      preAllocatedVUs: 35,
      maxVUs: 140,
      gracefulStop: '4000ms',
    });
  });
});
