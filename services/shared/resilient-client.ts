import { CircuitState, type IDisposable } from 'cockatiel';
import { CircuitStates, ClientOutcomes, type CircuitStateName, type ClientOutcome } from '../../src/core/conventions.js';
import type { ResiliencePolicy, ServiceName } from '../../src/core/service-contract.js';
import type { ServiceClock } from './clock.js';
import { isBulkheadRejection, isOpenCircuitError, isTimeoutError } from './cockatiel-errors.js';
import { HttpTransport, type DependencyResponse, type OutboundRequest } from './http-transport.js';
import type { ServiceMetrics } from './metrics.js';
import type { Rng } from './random.js';
import { buildPipeline, isFailedResponse, type ResiliencePipeline, type RetryDecision } from './resilience-pipeline.js';
import { RetryBudget } from './retry-budget.js';

export type FailureOutcome = Exclude<ClientOutcome, 'success'>;

/** A call's result as a value (DESIGN habit 4): callers switch on `ok`, nothing is thrown at them. */
export type CallResult =
  | { ok: true; outcome: 'success'; response: DependencyResponse }
  | { ok: false; outcome: FailureOutcome; message: string; /** The dependency's own 5xx answer, if it gave one. */ response?: DependencyResponse };

export interface ResilientClientOptions {
  service: ServiceName;
  peer: ServiceName;
  url: string;
  policy: ResiliencePolicy;
  metrics: ServiceMetrics;
  clock: ServiceClock;
  rng: Rng;
}

const BREAKER_STATE_NAMES: Record<CircuitState, CircuitStateName> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.Open]: 'open',
  [CircuitState.HalfOpen]: 'half_open',
  // Held open by hand (cockatiel's isolate); to a caller that is an open circuit.
  [CircuitState.Isolated]: 'open',
};

interface Attempted extends RetryDecision {
  result: CallResult;
}

/**
 * The HTTP client a service uses for one dependency: cockatiel's retry (full-jitter backoff, limited
 * by a retry budget) around breaker → bulkhead → timeout, around one keep-alive undici exchange.
 * Every call is observed once in http_client_request_duration_seconds with its final outcome (what
 * the caller experienced, retries and waits included); retries, breaker transitions and bulkhead
 * rejections are counted on the side.
 */
export class ResilientClient {
  readonly peer: ServiceName;
  private policyInEffect: ResiliencePolicy;
  private pipeline: ResiliencePipeline;
  private breakerListener: IDisposable | undefined;
  private readonly transport: HttpTransport;
  private readonly budget: RetryBudget;
  private readonly labels: { service: ServiceName; peer: ServiceName };

  constructor(private readonly options: ResilientClientOptions) {
    this.peer = options.peer;
    this.labels = { service: options.service, peer: options.peer };
    // Every outcome's series exists from the start, at zero, so rate() sees a first failure (SERVER_ERROR_STATUSES says why).
    for (const outcome of ClientOutcomes) options.metrics.clientDuration.zero({ ...this.labels, outcome });
    this.transport = new HttpTransport(options.url);
    this.budget = new RetryBudget(options.policy.retries?.budget ?? 0, options.clock);
    this.policyInEffect = options.policy;
    this.pipeline = this.adopt(options.policy);
  }

  get policy(): ResiliencePolicy {
    return this.policyInEffect;
  }

  /**
   * Swap in a new policy. The cockatiel policies are rebuilt (a fresh breaker starts closed); the
   * metrics and the budget's history are kept. Calls already in flight finish under the old policy.
   */
  replacePolicy(policy: ResiliencePolicy): void {
    this.policyInEffect = policy;
    this.budget.setRatio(policy.retries?.budget ?? 0);
    this.pipeline = this.adopt(policy);
  }

  async call(request: OutboundRequest): Promise<CallResult> {
    const started = this.options.clock.monotonic();
    const { pipeline } = this;
    this.budget.recordRequest();
    const result = pipeline.retry
      ? (await pipeline.retry.execute(async ({ attempt }) => this.attemptAndDecide(pipeline, request, attempt))).result
      : await this.attemptOnce(pipeline, request);
    if (result.outcome === 'rejected') this.options.metrics.bulkheadRejections.inc(this.labels);
    const seconds = (this.options.clock.monotonic() - started) / 1000;
    this.options.metrics.clientDuration.observe({ ...this.labels, outcome: result.outcome }, seconds);
    return result;
  }

  /**
   * GET /healthz on the dependency, outside the resilience policy: readiness asks "can I reach it
   * now?", which neither a retry nor an open breaker should answer for it.
   */
  async checkHealth(timeoutMs: number): Promise<{ ok: true } | { ok: false; reason: string }> {
    try {
      const response = await this.transport.send({ method: 'GET', path: '/healthz' }, AbortSignal.timeout(timeoutMs));
      return response.statusCode === 200 ? { ok: true } : { ok: false, reason: `GET /healthz answered ${response.statusCode}` };
    } catch (error) {
      const reason = (error as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : describeError(error);
      return { ok: false, reason: `unreachable: ${reason}` };
    }
  }

  close(): Promise<void> {
    this.breakerListener?.dispose();
    return this.transport.close();
  }

  private adopt(policy: ResiliencePolicy): ResiliencePipeline {
    this.breakerListener?.dispose();
    const pipeline = buildPipeline(policy, this.options.rng);
    this.breakerListener = pipeline.breaker?.onStateChange((state) => {
      this.options.metrics.circuitTransitions.inc(this.labels);
      this.showCircuitState(BREAKER_STATE_NAMES[state]);
    });
    this.showCircuitState('closed');
    return pipeline;
  }

  private showCircuitState(current: CircuitStateName): void {
    for (const state of CircuitStates) this.options.metrics.circuitState.set({ ...this.labels, state }, state === current ? 1 : 0);
  }

  /**
   * One attempt, then the retry decision: retryable, attempts left, a circuit that would let the
   * retry through (this attempt may just have opened it), and room in the budget, asked last so
   * only retries really sent spend it.
   */
  private async attemptAndDecide(pipeline: ResiliencePipeline, request: OutboundRequest, retriesSoFar: number): Promise<Attempted> {
    const result = await this.attemptOnce(pipeline, request);
    const attemptsLeft = retriesSoFar < (this.policyInEffect.retries?.attempts ?? 0);
    const circuitOpen = pipeline.breaker !== undefined && BREAKER_STATE_NAMES[pipeline.breaker.state] === 'open';
    const retry = isRetryable(result) && attemptsLeft && !circuitOpen && this.budget.tryRetry();
    if (retry) this.options.metrics.retries.inc(this.labels);
    return { result, retry };
  }

  private async attemptOnce(pipeline: ResiliencePipeline, request: OutboundRequest): Promise<CallResult> {
    try {
      const response = (await pipeline.attempt.execute(({ signal }) => this.transport.send(request, signal))) as DependencyResponse;
      if (!isFailedResponse(response)) return { ok: true, outcome: 'success', response };
      return { ok: false, outcome: 'error', message: `${this.peer} answered ${response.statusCode}${detail(response.body)}`, response };
    } catch (error) {
      return this.classify(error);
    }
  }

  private classify(error: unknown): CallResult {
    if (isTimeoutError(error)) return { ok: false, outcome: 'timeout', message: `${this.peer} did not answer within ${this.policyInEffect.timeoutMs} ms` };
    if (isOpenCircuitError(error)) return { ok: false, outcome: 'circuit_open', message: `circuit to ${this.peer} is open` };
    if (isBulkheadRejection(error)) return { ok: false, outcome: 'rejected', message: `too many concurrent calls to ${this.peer} (bulkhead and queue full)` };
    return { ok: false, outcome: 'error', message: `${this.peer} unreachable: ${describeError(error)}` };
  }
}

/**
 * Worth another attempt: a failure that may be transient. An open circuit or a full bulkhead is a
 * deliberate local "no", and retrying it would defeat the pattern.
 */
function isRetryable(result: CallResult): boolean {
  return !result.ok && (result.outcome === 'error' || result.outcome === 'timeout');
}

function describeError(error: unknown): string {
  const { code, message } = error as { code?: string; message?: string };
  return message || code || String(error);
}

/** The dependency's own explanation, when its error body has one. */
function detail(body: unknown): string {
  const message = (body as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' ? `: ${message}` : '';
}
