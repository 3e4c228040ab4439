import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789abcdefghijklmnopqrstuv';
const machine = randomBytes(3);
let counter = randomBytes(3).readUIntBE(0, 3);

/**
 * A 20-character, time-ordered id in the xid format Toxiproxy uses for `X-Toxiproxy-Request-Id`
 * (4 bytes of seconds, 3 of machine, 2 of pid, 3 of counter, base32hex).
 */
export function requestId(nowMs: number): string {
  const bytes = Buffer.alloc(12);
  bytes.writeUInt32BE(Math.floor(nowMs / 1000) >>> 0, 0);
  machine.copy(bytes, 4);
  bytes.writeUInt16BE(process.pid & 0xffff, 7);
  counter = (counter + 1) & 0xffffff;
  bytes.writeUIntBE(counter, 9, 3);
  let bits = BigInt(`0x${bytes.toString('hex')}`) << 4n;
  let out = '';
  for (let i = 0; i < 20; i++) {
    out = ALPHABET[Number(bits & 31n)] + out;
    bits >>= 5n;
  }
  return out;
}
