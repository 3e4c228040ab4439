import { Socket, type OnReadOpts, type SocketConstructorOpts } from 'node:net';

/**
 * Read size. Large, so a bulk transfer needs few reads (256 KiB measured a few per cent faster than
 * Node's 64 KiB); cheap when idle, because memory nothing was read into is never resident (bench/
 * memory.mjs: ~13 KB of RSS per idle connection).
 */
const READ_BUFFER_BYTES = 256 * 1024;

/**
 * A socket's reads land in memory this object owns and reuses, instead of Node allocating a fresh
 * Buffer for every read. On a bulk transfer those per-read allocations, and the garbage collections
 * they trigger, cost the proxy about a third of its throughput (bench/throughput.mjs measured a
 * read-and-write relay at ~0.6 × direct with fresh buffers and ≥ 1 × with reused ones).
 *
 * Reuse is safe only while nothing still points into the buffer when the next read comes: the
 * consumer either writes the bytes out synchronously or copies them, and calls `release()` when a
 * write was queued (the queued write references the buffer), so the next read gets fresh memory.
 */
export class ReadBuffer {
  private buffer: Buffer | undefined;
  /** Where each read goes; a view that is valid only until this callback returns. */
  sink: (view: Buffer) => void = () => {};

  /** Options for net.connect / new Socket: Node reads straight into our buffer and calls back. */
  readonly onread: OnReadOpts = {
    buffer: (): Buffer => (this.buffer ??= Buffer.allocUnsafe(READ_BUFFER_BYTES)),
    callback: (bytes: number, buffer: Uint8Array): boolean => {
      this.sink((buffer as Buffer).subarray(0, bytes));
      // Flow control is the flow's business (it pauses the socket); never stop reading from here.
      return true;
    },
  };

  /** A write kept `view` queued: if it points into our buffer, read into fresh memory next time. */
  release(view: Buffer): void {
    if (this.buffer !== undefined && view.buffer === this.buffer.buffer) this.buffer = undefined;
  }
}

/**
 * Re-wrap a socket accepted by net.Server so its reads use `reader` (net.Server has no `onread`
 * option). The accepted Socket hands its handle over and is destroyed without touching the
 * connection. Falls back to the accepted socket, with Node's own buffers, if the handle is not
 * where this Node keeps it.
 */
export function adoptAccepted(accepted: Socket, reader: ReadBuffer): { socket: Socket; reused: boolean } {
  const internals = accepted as unknown as { _handle?: unknown };
  const handle = internals._handle;
  if (!handle) return { socket: accepted, reused: false };
  internals._handle = null;
  accepted.destroy();
  const options = { handle, allowHalfOpen: true, pauseOnCreate: true, onread: reader.onread } as unknown as SocketConstructorOpts;
  return { socket: new Socket(options), reused: true };
}
