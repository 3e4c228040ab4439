import type { Dispatcher } from 'undici';
import type { SecondSlot } from './recorder.js';

/** What an exchange reports to: the generator. */
export interface ExchangeOwner {
  answered(exchange: Exchange): void;
  failed(exchange: Exchange, error: Error): void;
}

/** Shared, stack-free reasons for aborting a request: one allocation for the whole run, not one per abort. */
export const TIMED_OUT = Object.assign(new Error('request timed out'), { code: 'FAULTLINE_LOAD_TIMEOUT' });
export const CANCELLED = Object.assign(new Error('load run stopped'), { code: 'FAULTLINE_LOAD_STOPPED' });

/**
 * One request on the wire, as an undici dispatch handler. It uses the handler interface undici's
 * client speaks natively (onConnect/onHeaders/onData/onComplete/onError): the controller-style
 * interface is wrapped per request in two more objects and has every response's headers parsed
 * into an object, work a load generator that only wants the status does not need. The body is
 * read and dropped chunk by chunk, so the connection is reused.
 */
export class Exchange implements Dispatcher.DispatchHandler {
  abort: ((error?: Error) => void) | null = null;
  status = 0;
  done = false;

  constructor(
    private readonly owner: ExchangeOwner,
    readonly slot: SecondSlot,
    readonly kind: string,
    readonly intendedMs: number,
    readonly sentMs: number,
  ) {}

  onConnect(abort: (error?: Error) => void): void {
    // Timed out or cancelled while still queued in the pool: give the connection straight back.
    if (this.done) abort(CANCELLED);
    else this.abort = abort;
  }

  onHeaders(statusCode: number): boolean {
    this.status = statusCode;
    return true;
  }

  onData(): boolean {
    return true;
  }

  onComplete(): void {
    this.owner.answered(this);
  }

  onError(error: Error): void {
    this.owner.failed(this, error);
  }
}

const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT']);

/** undici's own timeouts (connect, and header/body if a caller turns them back on) are timeouts too. */
export function isTimeoutCode(code: string): boolean {
  return TIMEOUT_CODES.has(code);
}

/** The most specific code an error carries: its own, its cause's (undici wraps socket errors), or its name. */
export function errorCode(error: Error): string {
  const coded = error as Error & { code?: unknown; cause?: { code?: unknown } };
  if (typeof coded.code === 'string') return coded.code;
  if (typeof coded.cause?.code === 'string') return coded.cause.code;
  return error.name || 'Error';
}
