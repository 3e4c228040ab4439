import { describe, it, expect } from 'vitest';
import { seededRng, uniformInt } from '../../../src/core/random.js';
import type { StageDefinition } from '../../../src/proxy/stream/pipeline.js';
import { bandwidthToxic } from '../../../src/proxy/toxics/bandwidth.js';
import { latencyToxic } from '../../../src/proxy/toxics/latency.js';
import { limitDataToxic } from '../../../src/proxy/toxics/limit-data.js';
import { noopToxic } from '../../../src/proxy/toxics/noop.js';
import { findToxicType, toxicTypes } from '../../../src/proxy/toxics/registry.js';
import { resetPeerToxic } from '../../../src/proxy/toxics/reset-peer.js';
import { slicePieces, slicerToxic } from '../../../src/proxy/toxics/slicer.js';
import { slowCloseToxic } from '../../../src/proxy/toxics/slow-close.js';
import { timeoutToxic } from '../../../src/proxy/toxics/timeout.js';
import { bytes, patternBytes, stage, testPipeline, type RecordingSink, type TestPipeline } from '../../helpers/data-plane.js';

/** One thing done to the pipeline at a moment of ManualClock time. */
type Step =
  | { at: number; write: string | Buffer }
  | { at: number; end: true }
  | { at: number; add: StageDefinition }
  | { at: number; update: StageDefinition }
  | { at: number; remove: string };

interface Case {
  name: string;
  stages: StageDefinition[];
  steps: Step[];
  /** Run the clock up to here after the last step. */
  until: number;
  /** What reaches the socket side: [due time in ms, 'data:<text>' | 'end' | 'close' | 'reset'], in order. */
  expected: Array<[number, string]>;
  /** Bytes the stages reported as dropped. */
  discarded?: number;
  seed?: number;
}

function run(c: Case): TestPipeline {
  const t = testPipeline(c.stages, c.seed ?? 1);
  for (const step of c.steps) {
    expect(step.at).toBeGreaterThanOrEqual(t.clock.monotonic());
    t.clock.advance(step.at - t.clock.monotonic());
    if ('write' in step) t.pipeline.write(typeof step.write === 'string' ? bytes(step.write) : step.write);
    else if ('end' in step) t.pipeline.end();
    else if ('add' in step) t.pipeline.add(step.add);
    else if ('update' in step) t.pipeline.update(step.update);
    else t.pipeline.remove(step.remove);
  }
  t.clock.advance(c.until - t.clock.monotonic());
  return t;
}

/** Queued releases may leave up to half a millisecond before they are due, never after. */
function expectEvents(sink: RecordingSink, expected: Array<[number, string]>): void {
  expect(sink.trace()).toEqual(expected.map(([, label]) => label));
  sink.events.forEach((event, i) => {
    const due = expected[i]?.[0] ?? NaN;
    expect(event.at, `${sink.trace()[i]} at ${event.at}, due ${due}`).toBeGreaterThanOrEqual(due - 0.5);
    expect(event.at, `${sink.trace()[i]} at ${event.at}, due ${due}`).toBeLessThanOrEqual(due);
  });
}

function runTable(cases: Case[]): void {
  it.each(cases)('$name', (c) => {
    const { sink } = run(c);
    expectEvents(sink, c.expected);
    if (c.discarded !== undefined) expect(sink.discarded).toBe(c.discarded);
  });
}

const latency = (ms: number, jitter = 0, name = 'latency', toxicity = 1) => stage(latencyToxic, { latency: ms, jitter }, { name, toxicity });
const bandwidth = (rate: number, name = 'bandwidth') => stage(bandwidthToxic, { rate }, { name });
const slowClose = (delay: number, name = 'slow_close') => stage(slowCloseToxic, { delay }, { name });
const timeout = (ms: number, name = 'timeout') => stage(timeoutToxic, { timeout: ms }, { name });
const resetPeer = (ms: number, name = 'reset_peer') => stage(resetPeerToxic, { timeout: ms }, { name });
const slicer = (average: number, variation: number, delayUs: number, name = 'slicer') =>
  stage(slicerToxic, { average_size: average, size_variation: variation, delay: delayUs }, { name });
const limitData = (n: number, name = 'limit_data') => stage(limitDataToxic, { bytes: n }, { name });

describe('registry', () => {
  it('registers exactly the toxic types Toxiproxy v2.12.0 has', () => {
    expect([...toxicTypes.keys()].sort()).toEqual(['bandwidth', 'latency', 'limit_data', 'noop', 'reset_peer', 'slicer', 'slow_close', 'timeout']);
    expect(findToxicType('latency')).toBe(latencyToxic);
    expect(findToxicType('down')).toBeUndefined();
    expect(findToxicType('Latency')).toBeUndefined();
  });

  it('lists attributes in the order Toxiproxy emits them', () => {
    const names = Object.fromEntries([...toxicTypes].map(([type, toxic]) => [type, toxic.attributes.map((a) => a.name)]));
    expect(names).toEqual({
      latency: ['latency', 'jitter'],
      bandwidth: ['rate'],
      slow_close: ['delay'],
      timeout: ['timeout'],
      reset_peer: ['timeout'],
      slicer: ['average_size', 'size_variation', 'delay'],
      limit_data: ['bytes'],
      noop: [],
    });
  });
});

describe('latency', () => {
  runTable([
    { name: 'delays a chunk by `latency` ms', stages: [latency(100)], steps: [{ at: 0, write: 'a' }], until: 1000, expected: [[100, 'data:a']] },
    {
      name: 'is pipelined: each chunk is delayed from its own arrival, not from its predecessor leaving',
      stages: [latency(100)],
      steps: [
        { at: 0, write: 'a' },
        { at: 30, write: 'b' },
        { at: 60, write: 'c' },
      ],
      until: 1000,
      expected: [
        [100, 'data:a'],
        [130, 'data:b'],
        [160, 'data:c'],
      ],
    },
    {
      name: 'passes the end of stream on after the data it holds',
      stages: [latency(100)],
      steps: [
        { at: 0, write: 'a' },
        { at: 10, end: true },
      ],
      until: 1000,
      expected: [
        [100, 'data:a'],
        [100, 'end'],
      ],
    },
    {
      name: 'delays of two stages add up',
      stages: [latency(100, 0, 'first'), latency(50, 0, 'second')],
      steps: [
        { at: 0, write: 'a' },
        { at: 20, write: 'b' },
      ],
      until: 1000,
      expected: [
        [150, 'data:a'],
        [170, 'data:b'],
      ],
    },
    {
      name: 'latency 0 passes data at once',
      stages: [latency(0)],
      steps: [
        { at: 5, write: 'a' },
        { at: 6, end: true },
      ],
      until: 100,
      expected: [
        [5, 'data:a'],
        [6, 'end'],
      ],
    },
    {
      name: 'an update applies to later chunks, which still wait for held ones',
      stages: [latency(100)],
      steps: [
        { at: 0, write: 'a' },
        { at: 10, update: latency(20) },
        { at: 10, write: 'b' },
        { at: 200, write: 'c' },
      ],
      until: 1000,
      expected: [
        [100, 'data:a'],
        [100, 'data:b'],
        [220, 'data:c'],
      ],
    },
    {
      name: 'removal hands held chunks on at once',
      stages: [latency(100)],
      steps: [
        { at: 0, write: 'a' },
        { at: 20, write: 'b' },
        { at: 40, remove: 'latency' },
        { at: 50, write: 'c' },
      ],
      until: 1000,
      expected: [
        [40, 'data:a'],
        [40, 'data:b'],
        [50, 'data:c'],
      ],
    },
  ]);

  it('draws jitter per chunk, uniformly in [-jitter, +jitter), from the seeded Rng', () => {
    const seed = 99;
    const { clock, pipeline, sink } = testPipeline([latency(100, 20)], seed);
    const replica = seededRng(seed);
    const writtenAt: number[] = [];
    for (let i = 0; i < 300; i++) {
      writtenAt.push(clock.monotonic());
      pipeline.write(bytes(`${i};`));
      clock.advance(1000); // far apart: no chunk waits for another
    }
    expect(sink.chunks).toHaveLength(300);
    const delays = sink.chunks.map((c, i) => c.at - (writtenAt[i] ?? 0));
    delays.forEach((delay, i) => {
      const expected = 100 + uniformInt(replica, -20, 20);
      expect(delay).toBeGreaterThanOrEqual(expected - 0.5);
      expect(delay).toBeLessThanOrEqual(expected);
      expect(sink.chunks[i]?.data.toString()).toBe(`${i};`);
    });
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(79.5);
    expect(Math.max(...delays)).toBeLessThan(120);
    // Uniform over 40 values: 300 draws cover most of the range.
    expect(new Set(delays.map(Math.round)).size).toBeGreaterThan(25);
    expect(Math.min(...delays)).toBeLessThan(85);
    expect(Math.max(...delays)).toBeGreaterThan(115);
  });

  it('never reorders chunks even when jitter exceeds latency', () => {
    const { clock, pipeline, sink } = testPipeline([latency(10, 100)], 5);
    const sent: string[] = [];
    for (let i = 0; i < 200; i++) {
      sent.push(`${i},`);
      pipeline.write(bytes(`${i},`));
      clock.advance(1);
    }
    clock.advance(1000);
    expect(sink.chunks.map((c) => c.data.toString())).toEqual(sent);
    for (let i = 1; i < sink.chunks.length; i++) expect(sink.chunks[i]!.at).toBeGreaterThanOrEqual(sink.chunks[i - 1]!.at);
  });

  it('a negative draw (jitter above latency) means "send now", never before the chunk arrived', () => {
    const seed = 8;
    const { clock, pipeline, sink } = testPipeline([latency(10, 100)], seed);
    const replica = seededRng(seed);
    for (let i = 0; i < 100; i++) {
      const at = clock.monotonic();
      const draw = 10 + uniformInt(replica, -100, 100);
      pipeline.write(bytes(`${i}`));
      clock.advance(1000);
      const got = sink.chunks[i];
      expect(got?.data.toString()).toBe(`${i}`);
      if (draw <= 0) expect(got?.at).toBe(at);
      else {
        expect(got?.at).toBeGreaterThanOrEqual(at + draw - 0.5);
        expect(got?.at).toBeLessThanOrEqual(at + draw);
      }
    }
    expect(sink.chunks.filter((c, i) => c.at === i * 1000).length).toBeGreaterThan(20);
  });
});

describe('bandwidth', () => {
  runTable([
    {
      name: 'a chunk leaves when a link of `rate` KB/s would have sent it (1 KB/s = 1 byte/ms)',
      stages: [bandwidth(1)],
      steps: [{ at: 0, write: 'abcde' }],
      until: 1000,
      expected: [[5, 'data:abcde']],
    },
    {
      name: 'back-to-back chunks queue behind each other',
      stages: [bandwidth(1)],
      steps: [
        { at: 0, write: 'abc' },
        { at: 0, write: 'de' },
        { at: 1, end: true },
      ],
      until: 1000,
      expected: [
        [3, 'data:abc'],
        [5, 'data:de'],
        [5, 'end'],
      ],
    },
    {
      name: 'an idle link banks no credit',
      stages: [bandwidth(1)],
      steps: [
        { at: 0, write: 'ab' },
        { at: 100, write: 'cd' },
      ],
      until: 1000,
      expected: [
        [2, 'data:ab'],
        [102, 'data:cd'],
      ],
    },
    {
      name: 'chunks larger than 10 ms of transfer are paced in pieces',
      stages: [bandwidth(1)],
      steps: [{ at: 0, write: 'abcdefghijklmnopqrstuvwxy' }],
      until: 1000,
      expected: [
        [10, 'data:abcdefghij'],
        [20, 'data:klmnopqrst'],
        [25, 'data:uvwxy'],
      ],
    },
    {
      name: 'an update changes the rate for later chunks',
      stages: [bandwidth(1)],
      steps: [
        { at: 0, write: 'aaaaa' },
        { at: 0, update: bandwidth(10) },
        { at: 0, write: 'bbbbbbbbbb' },
      ],
      until: 1000,
      expected: [
        [5, 'data:aaaaa'],
        [6, 'data:bbbbbbbbbb'],
      ],
    },
    {
      name: 'removal hands held data on at once',
      stages: [bandwidth(1)],
      steps: [
        { at: 0, write: 'abcdefghijklmnopqrstuvwxy' },
        { at: 12, remove: 'bandwidth' },
        { at: 12, write: 'z' },
      ],
      until: 1000,
      expected: [
        [10, 'data:abcdefghij'],
        [12, 'data:klmnopqrst'],
        [12, 'data:uvwxy'],
        [12, 'data:z'],
      ],
    },
  ]);

  it('N bytes take N / rate ms: 50 000 bytes at 100 KB/s take 500 ms, in 1000-byte pieces every 10 ms', () => {
    const { clock, pipeline, sink } = testPipeline([bandwidth(100)]);
    const payload = patternBytes(50_000);
    pipeline.write(payload.subarray(0, 32_768));
    pipeline.write(payload.subarray(32_768));
    pipeline.end();
    clock.advance(499);
    expect(sink.first('end')).toBeUndefined();
    clock.advance(1);
    expect(Buffer.concat(sink.chunks.map((c) => c.data)).equals(payload)).toBe(true);
    expect(sink.chunks.every((c) => c.data.length <= 1000)).toBe(true);
    // The chunk boundary at 32 768 splits one piece: 50 pieces of 1000 bytes plus one extra.
    expect(sink.chunks).toHaveLength(51);
    const last = sink.chunks.at(-1);
    expect(last?.at).toBeGreaterThanOrEqual(499.5);
    expect(sink.events.at(-1)?.kind).toBe('end');
    // Every byte leaves when the wire would have carried it: the k-th byte by k / 100 ms.
    let sent = 0;
    for (const c of sink.chunks) {
      sent += c.data.length;
      expect(c.at).toBeGreaterThanOrEqual(sent / 100 - 0.5);
      expect(c.at).toBeLessThanOrEqual(sent / 100);
    }
  });
});

describe('slow_close', () => {
  runTable([
    {
      name: 'passes data at once and holds the end back `delay` ms',
      stages: [slowClose(300)],
      steps: [
        { at: 0, write: 'a' },
        { at: 10, end: true },
      ],
      until: 1000,
      expected: [
        [0, 'data:a'],
        [310, 'end'],
      ],
    },
    {
      name: 'delay 0 passes the end on without waiting',
      stages: [slowClose(0)],
      steps: [
        { at: 0, write: 'a' },
        { at: 10, end: true },
      ],
      until: 11,
      expected: [
        [0, 'data:a'],
        [10, 'end'],
      ],
    },
    {
      name: 'removal while holding the end passes it on at once',
      stages: [slowClose(300)],
      steps: [
        { at: 10, end: true },
        { at: 50, remove: 'slow_close' },
      ],
      until: 1000,
      expected: [[50, 'end']],
    },
    {
      name: 'chained after latency, the close comes `delay` after the delayed end',
      stages: [latency(100), slowClose(300)],
      steps: [
        { at: 0, write: 'a' },
        { at: 0, end: true },
      ],
      until: 1000,
      expected: [
        [100, 'data:a'],
        [400, 'end'],
      ],
    },
  ]);
});

describe('timeout', () => {
  runTable([
    {
      name: 'drops data and closes the connection `timeout` ms after the last chunk',
      stages: [timeout(100)],
      steps: [{ at: 0, write: 'abc' }],
      until: 1000,
      expected: [[100, 'close']],
      discarded: 3,
    },
    {
      name: 'closes `timeout` ms after it started when no data comes',
      stages: [timeout(100)],
      steps: [],
      until: 1000,
      expected: [[100, 'close']],
    },
    {
      name: 're-arms its timer on every chunk',
      stages: [timeout(100)],
      steps: [
        { at: 0, write: 'a' },
        { at: 60, write: 'b' },
        { at: 120, write: 'c' },
      ],
      until: 1000,
      expected: [[220, 'close']],
      discarded: 3,
    },
    {
      name: 'timeout 0 never closes and drops everything',
      stages: [timeout(0)],
      steps: [
        { at: 0, write: 'a' },
        { at: 5000, write: 'bc' },
      ],
      until: 100_000,
      expected: [],
      discarded: 3,
    },
    {
      name: 'removal closes the connection at once (the dropped bytes broke the stream)',
      stages: [timeout(100)],
      steps: [
        { at: 0, write: 'a' },
        { at: 50, remove: 'timeout' },
      ],
      until: 1000,
      expected: [[50, 'close']],
    },
    {
      name: 'removing a timeout 0 also closes',
      stages: [timeout(0)],
      steps: [
        { at: 0, write: 'a' },
        { at: 500, remove: 'timeout' },
      ],
      until: 1000,
      expected: [[500, 'close']],
    },
    {
      name: 'an update re-arms with the new timeout',
      stages: [timeout(100)],
      steps: [
        { at: 0, write: 'a' },
        { at: 50, update: timeout(500) },
      ],
      until: 1000,
      expected: [[550, 'close']],
    },
    {
      name: 'the end of stream passes on and stops the timer',
      stages: [timeout(100)],
      steps: [
        { at: 0, write: 'a' },
        { at: 20, end: true },
      ],
      until: 1000,
      expected: [[20, 'end']],
    },
    {
      name: 'data a later stage holds is delivered before the close',
      // The timeout starts inactive (toxicity 0), so 'a' passes into the latency stage; then it bites.
      stages: [stage(timeoutToxic, { timeout: 50 }, { name: 'timeout', toxicity: 0 }), latency(100)],
      steps: [
        { at: 0, write: 'a' },
        { at: 10, update: timeout(50) },
        { at: 20, write: 'dropped' },
      ],
      until: 1000,
      expected: [
        [100, 'data:a'],
        [100, 'close'],
      ],
      discarded: 7,
    },
  ]);

  it('cancels its timer when the connection goes', () => {
    const { clock, pipeline, sink } = testPipeline([timeout(100)]);
    pipeline.write(bytes('a'));
    expect(clock.pendingTimers()).toBe(1);
    pipeline.dispose();
    expect(clock.pendingTimers()).toBe(0);
    clock.advance(1000);
    expect(sink.events).toEqual([]);
  });
});

describe('reset_peer', () => {
  runTable([
    {
      name: 'timeout 0 drops the first chunk and resets at once',
      stages: [resetPeer(0)],
      steps: [{ at: 10, write: 'abc' }],
      until: 1000,
      expected: [[10, 'reset']],
      discarded: 3,
    },
    {
      name: 'drops the first chunk and everything after it, and resets `timeout` ms after the first',
      stages: [resetPeer(100)],
      steps: [
        { at: 10, write: 'a' },
        { at: 50, write: 'bc' },
      ],
      until: 1000,
      expected: [[110, 'reset']],
      discarded: 3,
    },
    {
      name: 'the end of stream triggers it too',
      stages: [resetPeer(50)],
      steps: [{ at: 20, end: true }],
      until: 1000,
      expected: [[70, 'reset']],
    },
    {
      name: 'does nothing while no data comes',
      stages: [resetPeer(50)],
      steps: [],
      until: 10_000,
      expected: [],
    },
    {
      name: 'removal after it fired resets at once',
      stages: [resetPeer(100)],
      steps: [
        { at: 0, write: 'a' },
        { at: 30, remove: 'reset_peer' },
      ],
      until: 1000,
      expected: [[30, 'reset']],
    },
    {
      name: 'removal before it fired leaves the stream intact',
      stages: [resetPeer(100)],
      steps: [
        { at: 30, remove: 'reset_peer' },
        { at: 40, write: 'a' },
        { at: 50, end: true },
      ],
      until: 1000,
      expected: [
        [40, 'data:a'],
        [50, 'end'],
      ],
    },
    {
      name: 'added live, it fires on the next chunk',
      stages: [],
      steps: [
        { at: 0, write: 'a' },
        { at: 10, add: resetPeer(20) },
        { at: 15, write: 'b' },
      ],
      until: 1000,
      expected: [
        [0, 'data:a'],
        [35, 'reset'],
      ],
    },
  ]);
});

describe('slicer', () => {
  describe('slicePieces', () => {
    const cases: Array<{ size: number; average: number; variation: number; seed: number }> = [
      { size: 64, average: 8, variation: 0, seed: 1 },
      { size: 100, average: 10, variation: 0, seed: 1 },
      { size: 1000, average: 100, variation: 10, seed: 2 },
      { size: 32_768, average: 500, variation: 200, seed: 3 },
      { size: 32_768, average: 7, variation: 3, seed: 4 },
      { size: 100_000, average: 1000, variation: 1000, seed: 5 },
      { size: 5000, average: 1, variation: 5, seed: 6 },
      { size: 24, average: 1, variation: 0, seed: 7 },
      { size: 10, average: 100, variation: 0, seed: 8 },
    ];
    it.each(cases)('$size bytes at $average ± $variation: pieces sum to the size and none exceeds average + variation', ({ size, average, variation, seed }) => {
      const pieces = slicePieces(size, average, variation, seededRng(seed));
      expect(pieces.reduce((a, b) => a + b, 0)).toBe(size);
      const upper = average + variation;
      // A piece is split only when longer than the upper bound, at its middle ± variation, so halves never get tiny.
      const lower = size <= upper ? size : Math.max(1, Math.floor((upper + 1) / 2) - variation);
      for (const piece of pieces) {
        expect(piece).toBeLessThanOrEqual(Math.max(upper, 1));
        expect(piece).toBeGreaterThanOrEqual(lower);
      }
    });

    it('splits exactly at the midpoint without variation', () => {
      expect(slicePieces(64, 8, 0, seededRng(1))).toEqual([8, 8, 8, 8, 8, 8, 8, 8]);
      // Toxiproxy: average 10, variation 0 turns 100 bytes into 16 reads.
      expect(slicePieces(100, 10, 0, seededRng(1))).toEqual([6, 6, 6, 7, 6, 6, 6, 7, 6, 6, 6, 7, 6, 6, 6, 7]);
      expect(slicePieces(10, 100, 0, seededRng(1))).toEqual([10]);
    });

    it('average 1 gives 1-byte pieces (Toxiproxy: 24 bytes into exactly 24 chunks)', () => {
      expect(slicePieces(24, 1, 0, seededRng(1))).toEqual(Array.from({ length: 24 }, () => 1));
      expect(slicePieces(4096, 1, 0, seededRng(1))).toEqual(Array.from({ length: 4096 }, () => 1));
    });

    it('terminates where Toxiproxy recurses forever or panics (variation equal to or above the average)', () => {
      const big = slicePieces(1_000_000, 1000, 1000, seededRng(9));
      expect(big.reduce((a, b) => a + b, 0)).toBe(1_000_000);
      expect(Math.max(...big)).toBeLessThanOrEqual(2000);
      const odd = slicePieces(1000, 1, 1000, seededRng(10));
      expect(odd.reduce((a, b) => a + b, 0)).toBe(1000);
      expect(Math.max(...odd)).toBeLessThanOrEqual(1001);
    });

    it('varies piece sizes with the seed, and the same seed gives the same pieces', () => {
      const a = slicePieces(10_000, 100, 50, seededRng(1));
      const b = slicePieces(10_000, 100, 50, seededRng(1));
      const c = slicePieces(10_000, 100, 50, seededRng(2));
      expect(a).toEqual(b);
      expect(a).not.toEqual(c);
      expect(new Set(a).size).toBeGreaterThan(5);
    });
  });

  runTable([
    {
      name: 'average 1 with no delay sends every byte as its own piece, at once',
      stages: [slicer(1, 0, 0)],
      steps: [
        { at: 0, write: 'abc' },
        { at: 0, end: true },
      ],
      until: 10,
      expected: [
        [0, 'data:a'],
        [0, 'data:b'],
        [0, 'data:c'],
        [0, 'end'],
      ],
    },
    {
      name: 'delay is in microseconds between pieces (20 000 µs = 20 ms)',
      stages: [slicer(1, 0, 20_000)],
      steps: [
        { at: 0, write: 'abcd' },
        { at: 1, end: true },
      ],
      until: 1000,
      expected: [
        [0, 'data:a'],
        [20, 'data:b'],
        [40, 'data:c'],
        [60, 'data:d'],
        [60, 'end'],
      ],
    },
    {
      name: 'sub-millisecond spacing: 1500 µs',
      stages: [slicer(2, 0, 1500)],
      steps: [{ at: 0, write: 'aabbccdd' }],
      until: 1000,
      expected: [
        [0, 'data:aa'],
        [1.5, 'data:bb'],
        [3, 'data:cc'],
        [4.5, 'data:dd'],
      ],
    },
    {
      name: 'the next chunk waits for the delay after the last piece; an idle gap banks nothing',
      stages: [slicer(1, 0, 10_000)],
      steps: [
        { at: 0, write: 'ab' },
        { at: 5, write: 'cd' },
        { at: 100, write: 'ef' },
      ],
      until: 1000,
      expected: [
        [0, 'data:a'],
        [10, 'data:b'],
        [20, 'data:c'],
        [30, 'data:d'],
        [100, 'data:e'],
        [110, 'data:f'],
      ],
    },
    {
      name: 'removal hands the remaining pieces on at once',
      stages: [slicer(1, 0, 10_000)],
      steps: [
        { at: 0, write: 'abcd' },
        { at: 15, remove: 'slicer' },
        { at: 15, write: 'e' },
      ],
      until: 1000,
      expected: [
        [0, 'data:a'],
        [10, 'data:b'],
        [15, 'data:c'],
        [15, 'data:d'],
        [15, 'data:e'],
      ],
    },
  ]);

  it('through a pipeline, the pieces are exactly slicePieces of each chunk with the connection’s seeded Rng', () => {
    const seed = 17;
    const { clock, pipeline, sink } = testPipeline([slicer(50, 20, 0)], seed);
    const payload = patternBytes(4000);
    pipeline.write(payload.subarray(0, 1500));
    pipeline.write(payload.subarray(1500));
    clock.advance(10);
    const replica = seededRng(seed);
    const expected = [...slicePieces(1500, 50, 20, replica), ...slicePieces(2500, 50, 20, replica)];
    expect(sink.chunks.map((c) => c.data.length)).toEqual(expected);
    expect(Buffer.concat(sink.chunks.map((c) => c.data)).equals(payload)).toBe(true);
  });
});

describe('limit_data', () => {
  runTable([
    {
      name: 'passes `bytes` bytes, truncating the chunk that crosses the limit, then closes',
      stages: [limitData(5)],
      steps: [
        { at: 0, write: 'abc' },
        { at: 10, write: 'defg' },
        { at: 20, write: 'hij' },
      ],
      until: 100,
      expected: [
        [0, 'data:abc'],
        [10, 'data:de'],
        [10, 'close'],
      ],
      discarded: 5,
    },
    {
      name: 'a chunk that reaches the limit exactly is passed whole, then the connection closes',
      stages: [limitData(5)],
      steps: [{ at: 0, write: 'abcde' }],
      until: 100,
      expected: [
        [0, 'data:abcde'],
        [0, 'close'],
      ],
      discarded: 0,
    },
    {
      name: 'bytes 0 closes on the first chunk, not when the stage starts',
      stages: [limitData(0)],
      steps: [{ at: 10, write: 'a' }],
      until: 100,
      expected: [[10, 'close']],
      discarded: 1,
    },
    {
      name: 'the end of stream passes on while under the limit',
      stages: [limitData(10)],
      steps: [
        { at: 0, write: 'ab' },
        { at: 5, end: true },
      ],
      until: 100,
      expected: [
        [0, 'data:ab'],
        [5, 'end'],
      ],
    },
    {
      name: 'the count survives an update that lowers the limit',
      stages: [limitData(10)],
      steps: [
        { at: 0, write: 'abcdef' },
        { at: 5, update: limitData(8) },
        { at: 10, write: 'ghij' },
      ],
      until: 100,
      expected: [
        [0, 'data:abcdef'],
        [10, 'data:gh'],
        [10, 'close'],
      ],
    },
    {
      name: 'the count survives an update that raises the limit',
      stages: [limitData(4)],
      steps: [
        { at: 0, write: 'ab' },
        { at: 5, update: limitData(6) },
        { at: 10, write: 'cdefgh' },
      ],
      until: 100,
      expected: [
        [0, 'data:ab'],
        [10, 'data:cdef'],
        [10, 'close'],
      ],
    },
    {
      name: 'an update to below what already passed closes on the next chunk',
      stages: [limitData(10)],
      steps: [
        { at: 0, write: 'abcdef' },
        { at: 5, update: limitData(3) },
        { at: 10, write: 'g' },
      ],
      until: 100,
      expected: [
        [0, 'data:abcdef'],
        [10, 'close'],
      ],
    },
    {
      name: 'after latency, the limit applies to the delayed data',
      stages: [latency(100), limitData(5)],
      steps: [{ at: 0, write: 'abcdefg' }],
      until: 1000,
      expected: [
        [100, 'data:abcde'],
        [100, 'close'],
      ],
    },
    {
      name: 'before latency, the bytes it let through are delivered before the close',
      stages: [limitData(5), latency(100)],
      steps: [{ at: 0, write: 'abcdefg' }],
      until: 1000,
      expected: [
        [100, 'data:abcde'],
        [100, 'close'],
      ],
    },
  ]);
});

describe('noop', () => {
  runTable([
    {
      name: 'passes data and the end through untouched',
      stages: [stage(noopToxic)],
      steps: [
        { at: 0, write: 'abc' },
        { at: 5, write: 'def' },
        { at: 6, end: true },
      ],
      until: 100,
      expected: [
        [0, 'data:abc'],
        [5, 'data:def'],
        [6, 'end'],
      ],
    },
    {
      name: 'chained with latency it adds nothing',
      stages: [stage(noopToxic, {}, { name: 'n1' }), latency(30), stage(noopToxic, {}, { name: 'n2' })],
      steps: [{ at: 0, write: 'x' }],
      until: 100,
      expected: [[30, 'data:x']],
    },
  ]);

  it('has no attributes and sets no timers', () => {
    expect(noopToxic.attributes).toEqual([]);
    const { clock, pipeline } = testPipeline([stage(noopToxic)]);
    pipeline.write(bytes('x'));
    expect(clock.pendingTimers()).toBe(0);
  });
});
