import { describe, expect, it } from 'vitest';
import { ReadBuffer } from '../../../src/proxy/read-buffer.js';

const bufferOf = (reader: ReadBuffer) => (reader.onread.buffer as () => Buffer)();
const read = (reader: ReadBuffer, text: string) => {
  const target = bufferOf(reader);
  const bytes = target.write(text);
  (reader.onread.callback as (n: number, b: Uint8Array) => boolean)(bytes, target);
};

describe('ReadBuffer', () => {
  it('reuses one buffer while every read is consumed at once', () => {
    const reader = new ReadBuffer();
    const seen: string[] = [];
    reader.sink = (view) => seen.push(view.toString());
    const first = bufferOf(reader);
    read(reader, 'hello');
    read(reader, 'world');
    expect(seen).toEqual(['hello', 'world']);
    expect(bufferOf(reader)).toBe(first);
  });

  it('reads into fresh memory after a write kept a view of the buffer', () => {
    const reader = new ReadBuffer();
    let kept: Buffer | undefined;
    reader.sink = (view) => (kept = view);
    const first = bufferOf(reader);
    read(reader, 'queued');
    reader.release(kept as Buffer);
    expect(bufferOf(reader)).not.toBe(first);
    read(reader, 'next!!');
    expect(kept?.toString()).toBe('next!!');
    expect(first.subarray(0, 6).toString()).toBe('queued');
  });

  it('ignores a release of memory it does not own', () => {
    const reader = new ReadBuffer();
    const first = bufferOf(reader);
    reader.release(Buffer.from('a copy'));
    expect(bufferOf(reader)).toBe(first);
  });
});
