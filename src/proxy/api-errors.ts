import { FaultlineError, type ErrorCode } from '../core/errors.js';

/**
 * A failure the proxy API reports as Toxiproxy does: an HTTP status and Toxiproxy's exact message
 * (`proxy not found`, `bad request body: ...`), with a Faultline error code for logs and docs.
 */
export class ProxyApiError extends FaultlineError {
  constructor(
    code: ErrorCode,
    readonly status: number,
    message: string,
  ) {
    super(code, message, { status });
  }
}

export const proxyNotFound = () => new ProxyApiError('FAULTLINE_PROXY_NOT_FOUND', 404, 'proxy not found');
export const proxyExists = () => new ProxyApiError('FAULTLINE_PROXY_EXISTS', 409, 'proxy already exists');
export const toxicNotFound = () => new ProxyApiError('FAULTLINE_TOXIC_NOT_FOUND', 404, 'toxic not found');
export const toxicExists = () => new ProxyApiError('FAULTLINE_TOXIC_EXISTS', 409, 'toxic already exists');
export const invalidToxicType = () => new ProxyApiError('FAULTLINE_TOXIC_INVALID_TYPE', 400, 'invalid toxic type');
export const invalidStream = () =>
  new ProxyApiError('FAULTLINE_TOXIC_INVALID_STREAM', 400, 'stream was invalid, can be either upstream or downstream');
export const badRequestBody = (detail?: string) =>
  new ProxyApiError('FAULTLINE_PROXY_BAD_REQUEST', 400, detail === undefined ? 'bad request body' : `bad request body: ${detail}`);
export const missingField = (field: string) => new ProxyApiError('FAULTLINE_PROXY_BAD_REQUEST', 400, `missing required field: ${field}`);
export const badAttributes = (detail: string) => new ProxyApiError('FAULTLINE_TOXIC_BAD_ATTRIBUTES', 400, `bad request body: ${detail}`);
export const listenFailed = (message: string) => new ProxyApiError('FAULTLINE_PROXY_LISTEN', 500, message);
export const leaseNotFound = () => new ProxyApiError('FAULTLINE_LEASE_NOT_FOUND', 404, 'lease not found');
export const badLeaseTtl = (detail: string) => new ProxyApiError('FAULTLINE_LEASE_BAD_TTL', 400, `bad request body: ${detail}`);
