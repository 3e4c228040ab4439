import { describe, it, expect } from 'vitest';
import { ManualClock } from '../../../src/core/clock.js';
import { seededRng } from '../../../src/core/random.js';
import { Pipeline, type PipelineSink } from '../../../src/proxy/stream/pipeline.js';
import type { ToxicType } from '../../../src/proxy/stream/stage.js';
import { bandwidthToxic } from '../../../src/proxy/toxics/bandwidth.js';
import { latencyToxic } from '../../../src/proxy/toxics/latency.js';
import { limitDataToxic } from '../../../src/proxy/toxics/limit-data.js';
import { resetPeerToxic } from '../../../src/proxy/toxics/reset-peer.js';
import { slicerToxic } from '../../../src/proxy/toxics/slicer.js';
import { slowCloseToxic } from '../../../src/proxy/toxics/slow-close.js';
import { timeoutToxic } from '../../../src/proxy/toxics/timeout.js';
import { bytes, stage, testPipeline } from '../../helpers/data-plane.js';

/** A toxic that appends its tag to every chunk, so the order stages ran in shows in the output. */
function tagger(tag: string): ToxicType {
  return {
    type: `tag_${tag}`,
    attributes: [],
    create: (_attributes, context) => ({
      write: (chunk) => context.emit({ data: Buffer.concat([chunk.data, bytes(tag)]), timestamp: chunk.timestamp }),
      end: () => context.end(),
      update: () => {},
      detach: () => {},
      dispose: () => {},
    }),
  };
}

describe('Pipeline: no toxics', () => {
  it('is empty and hands each buffer straight to the sink, synchronously and unchanged', () => {
    const clock = new ManualClock();
    const delivered: Buffer[] = [];
    let ends = 0;
    const sink: PipelineSink = {
      deliver: (data) => delivered.push(data),
      deliverEnd: () => ends++,
      closeConnection: () => expect.fail('no close expected'),
      resetConnection: () => expect.fail('no reset expected'),
      discard: () => expect.fail('nothing to discard'),
    };
    const pipeline = new Pipeline(sink, clock, seededRng(1));
    expect(pipeline.isEmpty).toBe(true);
    const first = bytes('hello');
    const second = bytes('world');
    pipeline.write(first);
    expect(delivered).toHaveLength(1);
    expect(delivered[0]).toBe(first);
    pipeline.write(second);
    expect(delivered[1]).toBe(second);
    expect(pipeline.hasEnded).toBe(false);
    pipeline.end();
    expect(ends).toBe(1);
    expect(pipeline.hasEnded).toBe(true);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('is empty again once its last toxic is removed', () => {
    const { pipeline, sink } = testPipeline([stage(latencyToxic, { latency: 10, jitter: 0 })]);
    expect(pipeline.isEmpty).toBe(false);
    pipeline.remove('latency');
    expect(pipeline.isEmpty).toBe(true);
    pipeline.write(bytes('x'));
    expect(sink.trace()).toEqual(['data:x']);
  });
});

describe('Pipeline: chaining', () => {
  it('runs stages in insertion order', () => {
    const { pipeline, sink } = testPipeline([stage(tagger('A'), {}, { name: 'a' }), stage(tagger('B'), {}, { name: 'b' }), stage(tagger('C'), {}, { name: 'c' })]);
    pipeline.write(bytes('x'));
    pipeline.end();
    expect(sink.trace()).toEqual(['data:xABC', 'end']);
    expect(pipeline.describe()).toEqual([
      { name: 'a', active: true },
      { name: 'b', active: true },
      { name: 'c', active: true },
    ]);
  });

  it('a stage added later goes to the end of the chain', () => {
    const { pipeline, sink } = testPipeline([stage(tagger('A'), {}, { name: 'a' })]);
    pipeline.write(bytes('1'));
    pipeline.add(stage(tagger('B'), {}, { name: 'b' }));
    pipeline.write(bytes('2'));
    expect(sink.trace()).toEqual(['data:1A', 'data:2AB']);
  });

  it('passes the end of stream through every stage, after the data each holds', () => {
    const { clock, pipeline, sink } = testPipeline([stage(latencyToxic, { latency: 100, jitter: 0 }, { name: 'l1' }), stage(tagger('T'), {}, { name: 't' })]);
    pipeline.write(bytes('a'));
    pipeline.end();
    expect(sink.events).toEqual([]);
    clock.advance(100);
    expect(sink.trace()).toEqual(['data:aT', 'end']);
  });
});

describe('Pipeline: live changes mid-stream', () => {
  it('adding a stage while an earlier one holds data sends the held data through the new stage, in order', () => {
    const { clock, pipeline, sink } = testPipeline([stage(latencyToxic, { latency: 100, jitter: 0 }, { name: 'slow' })]);
    pipeline.write(bytes('a'));
    clock.advance(10);
    pipeline.write(bytes('b'));
    pipeline.add(stage(tagger('+'), {}, { name: 'tag' }));
    pipeline.write(bytes('c'));
    clock.advance(200);
    expect(sink.trace()).toEqual(['data:a+', 'data:b+', 'data:c+']);
  });

  it('removing a stage hands on what it holds at once, before any later data', () => {
    const { clock, pipeline, sink } = testPipeline([stage(latencyToxic, { latency: 100, jitter: 0 }, { name: 'slow' })]);
    pipeline.write(bytes('a'));
    clock.advance(10);
    pipeline.write(bytes('b'));
    clock.advance(10);
    pipeline.remove('slow');
    expect(sink.events).toEqual([
      { kind: 'data', at: 20, data: bytes('a') },
      { kind: 'data', at: 20, data: bytes('b') },
    ]);
    pipeline.write(bytes('c'));
    expect(sink.trace()).toEqual(['data:a', 'data:b', 'data:c']);
    expect(clock.pendingTimers()).toBe(0);
    clock.advance(1000);
    expect(sink.trace()).toEqual(['data:a', 'data:b', 'data:c']);
  });

  it('removing the first of two holding stages moves its data into the second, behind what that one holds', () => {
    const { clock, pipeline, sink } = testPipeline([
      stage(latencyToxic, { latency: 100, jitter: 0 }, { name: 'first' }),
      stage(latencyToxic, { latency: 100, jitter: 0 }, { name: 'second' }),
    ]);
    pipeline.write(bytes('a')); // leaves `first` at 100, `second` at 200
    clock.advance(50);
    pipeline.write(bytes('b')); // due at `first` at 150
    clock.advance(70); // t = 120: a is in `second`, b in `first`
    pipeline.remove('first');
    expect(sink.events).toEqual([]);
    expect(pipeline.describe()).toEqual([{ name: 'second', active: true }]);
    pipeline.write(bytes('c')); // t = 120, due at 220 in `second`
    clock.advance(1000);
    expect(sink.trace()).toEqual(['data:a', 'data:b', 'data:c']);
    const [a, b, c] = sink.chunks;
    // b keeps the 150 it was due at when `first` let it go, and then waits 100 in `second`.
    expect(a?.at).toBeGreaterThanOrEqual(199.5);
    expect(b?.at).toBeGreaterThanOrEqual(219.5);
    expect(b?.at).toBeLessThanOrEqual(250);
    expect(c?.at).toBeGreaterThanOrEqual(b?.at ?? Infinity);
  });

  it('removing a middle stage relinks the chain', () => {
    const { pipeline, sink } = testPipeline([stage(tagger('A'), {}, { name: 'a' }), stage(tagger('B'), {}, { name: 'b' }), stage(tagger('C'), {}, { name: 'c' })]);
    pipeline.remove('b');
    pipeline.write(bytes('x'));
    pipeline.remove('a');
    pipeline.write(bytes('y'));
    pipeline.remove('c');
    pipeline.write(bytes('z'));
    pipeline.remove('missing');
    expect(sink.trace()).toEqual(['data:xAC', 'data:yC', 'data:z']);
    expect(pipeline.isEmpty).toBe(true);
  });

  it('a stage added after a removal still goes last', () => {
    const { pipeline, sink } = testPipeline([stage(tagger('A'), {}, { name: 'a' }), stage(tagger('B'), {}, { name: 'b' })]);
    pipeline.remove('b');
    pipeline.add(stage(tagger('C'), {}, { name: 'c' }));
    pipeline.write(bytes('x'));
    expect(sink.trace()).toEqual(['data:xAC']);
    expect(pipeline.describe().map((d) => d.name)).toEqual(['a', 'c']);
  });

  it('updating a live stage keeps what it holds and never lets new data overtake it', () => {
    const { clock, pipeline, sink } = testPipeline([stage(latencyToxic, { latency: 100, jitter: 0 }, { name: 'slow' })]);
    pipeline.write(bytes('a'));
    pipeline.update(stage(latencyToxic, { latency: 10, jitter: 0 }, { name: 'slow' }));
    pipeline.write(bytes('b'));
    clock.advance(50);
    expect(sink.events).toEqual([]);
    clock.advance(50);
    expect(sink.trace()).toEqual(['data:a', 'data:b']);
    pipeline.write(bytes('c'));
    clock.advance(9);
    expect(sink.trace()).toEqual(['data:a', 'data:b']);
    clock.advance(1);
    expect(sink.trace()).toEqual(['data:a', 'data:b', 'data:c']);
    expect(pipeline.describe()).toEqual([{ name: 'slow', active: true }]);
  });

  it('updating to toxicity 0 releases what the stage held and then passes data straight through', () => {
    const { clock, pipeline, sink } = testPipeline([stage(latencyToxic, { latency: 100, jitter: 0 }, { name: 'slow' })]);
    pipeline.write(bytes('a'));
    clock.advance(5);
    pipeline.update(stage(latencyToxic, { latency: 100, jitter: 0 }, { name: 'slow', toxicity: 0 }));
    expect(sink.events).toEqual([{ kind: 'data', at: 5, data: bytes('a') }]);
    pipeline.write(bytes('b'));
    expect(sink.trace()).toEqual(['data:a', 'data:b']);
    expect(pipeline.describe()).toEqual([{ name: 'slow', active: false }]);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('updating from toxicity 0 to 1 makes the stage bite from then on', () => {
    const { clock, pipeline, sink } = testPipeline([stage(latencyToxic, { latency: 100, jitter: 0 }, { name: 'slow', toxicity: 0 })]);
    pipeline.write(bytes('a'));
    expect(sink.trace()).toEqual(['data:a']);
    pipeline.update(stage(latencyToxic, { latency: 100, jitter: 0 }, { name: 'slow', toxicity: 1 }));
    expect(pipeline.describe()).toEqual([{ name: 'slow', active: true }]);
    pipeline.write(bytes('b'));
    clock.advance(99);
    expect(sink.trace()).toEqual(['data:a']);
    clock.advance(1);
    expect(sink.trace()).toEqual(['data:a', 'data:b']);
  });

  it('updating a stage keeps stage state when it stays active (limit_data keeps its count)', () => {
    const { pipeline, sink } = testPipeline([stage(limitDataToxic, { bytes: 10 }, { name: 'limit' })]);
    pipeline.write(bytes('123456'));
    pipeline.update(stage(limitDataToxic, { bytes: 8 }, { name: 'limit' }));
    pipeline.write(bytes('789'));
    expect(sink.trace()).toEqual(['data:123456', 'data:78', 'close']);
  });

  it('updating an unknown name changes nothing', () => {
    const { pipeline, sink } = testPipeline([stage(tagger('A'), {}, { name: 'a' })]);
    pipeline.update(stage(latencyToxic, { latency: 100, jitter: 0 }, { name: 'nope' }));
    pipeline.write(bytes('x'));
    expect(sink.trace()).toEqual(['data:xA']);
    expect(pipeline.describe()).toEqual([{ name: 'a', active: true }]);
  });

  it('loses and reorders nothing across many interleaved adds, updates and removes', () => {
    const { clock, pipeline, sink } = testPipeline([], 7);
    const sent: string[] = [];
    let n = 0;
    const send = () => {
      const text = `<${n++}>`;
      sent.push(text);
      pipeline.write(bytes(text));
    };
    for (let round = 0; round < 20; round++) {
      pipeline.add(stage(latencyToxic, { latency: 30, jitter: 20 }, { name: `lat${round}` }));
      send();
      clock.advance(7);
      send();
      pipeline.add(stage(bandwidthToxic, { rate: 1 }, { name: `bw${round}` }));
      send();
      clock.advance(3);
      pipeline.update(stage(latencyToxic, { latency: 5, jitter: 0 }, { name: `lat${round}`, toxicity: round % 2 }));
      send();
      pipeline.add(stage(slicerToxic, { average_size: 1, size_variation: 0, delay: 100 }, { name: `sl${round}` }));
      send();
      clock.advance(11);
      pipeline.remove(`bw${round}`);
      send();
      if (round % 3 === 0) pipeline.remove(`lat${round}`);
      pipeline.remove(`sl${round}`);
      send();
    }
    pipeline.end();
    clock.advance(10_000);
    expect(sink.text()).toBe(sent.join(''));
    expect(sink.events.at(-1)?.kind).toBe('end');
    expect(sink.events.filter((e) => e.kind === 'end')).toHaveLength(1);
  });
});

describe('Pipeline: toxicity', () => {
  it('toxicity 1 always applies the toxic', () => {
    const { clock, pipeline, sink } = testPipeline([stage(latencyToxic, { latency: 50, jitter: 0 }, { toxicity: 1 })]);
    expect(pipeline.describe()).toEqual([{ name: 'latency', active: true }]);
    pipeline.write(bytes('a'));
    expect(sink.events).toEqual([]);
    clock.advance(50);
    expect(sink.trace()).toEqual(['data:a']);
  });

  it('toxicity 0 never applies the toxic: data and end pass straight through', () => {
    const { clock, pipeline, sink } = testPipeline([
      stage(latencyToxic, { latency: 50, jitter: 0 }, { name: 'l', toxicity: 0 }),
      stage(timeoutToxic, { timeout: 10 }, { name: 't', toxicity: 0 }),
      stage(resetPeerToxic, { timeout: 0 }, { name: 'r', toxicity: 0 }),
      stage(limitDataToxic, { bytes: 0 }, { name: 'd', toxicity: 0 }),
    ]);
    expect(pipeline.describe().map((d) => d.active)).toEqual([false, false, false, false]);
    pipeline.write(bytes('abc'));
    clock.advance(1000);
    pipeline.end();
    expect(sink.trace()).toEqual(['data:abc', 'end']);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('a fractional toxicity is one seeded roll per stage, reproducible from the seed', () => {
    const seed = 20260101;
    const definitions = Array.from({ length: 40 }, (_, i) => stage(tagger(String(i % 10)), {}, { name: `s${i}`, toxicity: 0.3 }));
    const { pipeline } = testPipeline(definitions, seed);
    const replica = seededRng(seed);
    const expected = definitions.map(() => replica.next() < 0.3);
    const actual = pipeline.describe().map((d) => d.active);
    expect(actual).toEqual(expected);
    const activeCount = actual.filter(Boolean).length;
    expect(activeCount).toBeGreaterThan(0);
    expect(activeCount).toBeLessThan(40);
    // The same seed gives the same connection the same fate.
    expect(testPipeline(definitions, seed).pipeline.describe()).toEqual(pipeline.describe());
  });

  it('an inactive roll behaves as no toxic, an active one as the toxic', () => {
    // Seed 3's first draw (0.72) is above 0.5 and its second (0.04) below: only B bites.
    const rng = seededRng(3);
    const draws = [rng.next(), rng.next()];
    expect(draws.map((d) => d < 0.5)).toEqual([false, true]);
    const { clock, pipeline, sink } = testPipeline(
      [stage(tagger('A'), {}, { name: 'a', toxicity: 0.5 }), stage(tagger('B'), {}, { name: 'b', toxicity: 0.5 })],
      3,
    );
    pipeline.write(bytes('x'));
    clock.advance(1);
    expect(sink.trace()).toEqual(['data:xB']);
    expect(pipeline.describe()).toEqual([
      { name: 'a', active: false },
      { name: 'b', active: true },
    ]);
  });

  it('an update re-rolls toxicity for the stage', () => {
    const seed = 11;
    const { pipeline } = testPipeline([stage(tagger('A'), {}, { name: 'a', toxicity: 0.5 })], seed);
    const replica = seededRng(seed);
    const rolls = [replica.next() < 0.5];
    for (let i = 0; i < 30; i++) {
      pipeline.update(stage(tagger('A'), {}, { name: 'a', toxicity: 0.5 }));
      rolls.push(replica.next() < 0.5);
      expect(pipeline.describe()).toEqual([{ name: 'a', active: rolls.at(-1) }]);
    }
    expect(new Set(rolls).size).toBe(2);
  });
});

describe('Pipeline: dispose', () => {
  it('cancels every stage timer and drops what is held; nothing reaches the sink afterwards', () => {
    const { clock, pipeline, sink } = testPipeline([
      stage(latencyToxic, { latency: 100, jitter: 0 }, { name: 'latency' }),
      stage(bandwidthToxic, { rate: 1 }, { name: 'bandwidth' }),
      stage(slicerToxic, { average_size: 1, size_variation: 0, delay: 1000 }, { name: 'slicer' }),
      stage(slowCloseToxic, { delay: 500 }, { name: 'slow_close' }),
      stage(timeoutToxic, { timeout: 1000 }, { name: 'timeout' }),
    ]);
    pipeline.write(bytes('held'));
    clock.advance(150); // 'held' is now inside bandwidth
    pipeline.end();
    expect(clock.pendingTimers()).toBeGreaterThan(0);
    pipeline.dispose();
    expect(clock.pendingTimers()).toBe(0);
    expect(pipeline.isEmpty).toBe(true);
    clock.advance(10_000);
    expect(sink.events).toEqual([]);
  });

  it('cancels a pending reset_peer and a pending slow close', () => {
    const { clock, pipeline, sink } = testPipeline([stage(slowCloseToxic, { delay: 300 }, { name: 'sc' }), stage(resetPeerToxic, { timeout: 200 }, { name: 'rp' })]);
    pipeline.write(bytes('x')); // reset_peer swallows it and arms its 200 ms reset
    pipeline.end(); // slow_close holds the end for 300 ms
    expect(clock.pendingTimers()).toBe(2);
    pipeline.dispose();
    expect(clock.pendingTimers()).toBe(0);
    clock.advance(1000);
    expect(sink.events).toEqual([]);
  });
});

describe('Pipeline: a toxic closing the connection', () => {
  it('from the last stage, the sink is told at once', () => {
    const { pipeline, sink } = testPipeline([stage(latencyToxic, { latency: 0, jitter: 0 }, { name: 'l' }), stage(limitDataToxic, { bytes: 2 }, { name: 'd' })]);
    pipeline.write(bytes('abc'));
    expect(sink.trace()).toEqual(['data:ab', 'close']);
  });

  it('later stages deliver what they hold first, then the sink closes (as Toxiproxy’s EOF travels the chain)', () => {
    const { clock, pipeline, sink } = testPipeline([
      stage(limitDataToxic, { bytes: 4 }, { name: 'limit' }),
      stage(latencyToxic, { latency: 100, jitter: 0 }, { name: 'slow' }),
      stage(tagger('!'), {}, { name: 'tag' }),
    ]);
    pipeline.write(bytes('ab'));
    clock.advance(10);
    pipeline.write(bytes('cdef'));
    expect(sink.events).toEqual([]);
    clock.advance(100);
    expect(sink.events).toEqual([
      { kind: 'data', at: 99.5, data: bytes('ab!') },
      { kind: 'data', at: 109.5, data: bytes('cd!') },
      { kind: 'close', at: 109.5 },
    ]);
    expect(sink.discarded).toBe(2);
  });

  it('data and end written after the close are discarded, and nothing is delivered twice', () => {
    const { clock, pipeline, sink } = testPipeline([
      stage(limitDataToxic, { bytes: 1 }, { name: 'limit' }),
      stage(latencyToxic, { latency: 50, jitter: 0 }, { name: 'slow' }),
    ]);
    pipeline.write(bytes('xy'));
    pipeline.write(bytes('late'));
    pipeline.end();
    clock.advance(1000);
    expect(sink.trace()).toEqual(['data:x', 'close']);
    expect(sink.discarded).toBe(1 + 4);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('stages before the closing one are dropped with what they hold', () => {
    const { clock, pipeline, sink } = testPipeline([
      stage(latencyToxic, { latency: 300, jitter: 0 }, { name: 'first' }),
      stage(timeoutToxic, { timeout: 100 }, { name: 'timeout' }),
      stage(slowCloseToxic, { delay: 50 }, { name: 'slow_close' }),
    ]);
    pipeline.write(bytes('never'));
    clock.advance(1000);
    // The timeout closes at 100, slow_close holds that close 50 ms; the latency stage's chunk is gone.
    expect(sink.events).toEqual([{ kind: 'close', at: 150 }]);
    expect(pipeline.describe().map((d) => d.name)).toEqual(['slow_close']);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('removing a timeout in the middle of a chain closes after the later stages drain', () => {
    const { clock, pipeline, sink } = testPipeline([
      stage(timeoutToxic, { timeout: 0 }, { name: 'timeout', toxicity: 0 }),
      stage(latencyToxic, { latency: 100, jitter: 0 }, { name: 'slow' }),
    ]);
    pipeline.write(bytes('a'));
    pipeline.update(stage(timeoutToxic, { timeout: 0 }, { name: 'timeout', toxicity: 1 }));
    clock.advance(20);
    pipeline.remove('timeout');
    expect(sink.events).toEqual([]);
    clock.advance(100);
    expect(sink.trace()).toEqual(['data:a', 'close']);
  });

  it('a timeout whose update rolls it inactive closes once, and its replacement never closes again', () => {
    const { clock, pipeline, sink } = testPipeline(
      [stage(timeoutToxic, { timeout: 100 }, { name: 'timeout' }), stage(latencyToxic, { latency: 10, jitter: 0 }, { name: 'slow' })],
      1,
    );
    pipeline.update(stage(timeoutToxic, { timeout: 100 }, { name: 'timeout', toxicity: 0 }));
    clock.advance(1000);
    expect(sink.trace()).toEqual(['close']);
  });
});
