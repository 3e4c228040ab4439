import { formatDuration } from '../../core/durations.js';
import type { SloSet } from '../../slo/model.js';
import { promDuration } from '../../slo/windows.js';
import { declaredProxies, type Topology } from '../../topology/model.js';
import { formatNumber, formatPercent } from './format.js';
import type { AbortCondition, CheckCondition, Fault, ToxicFault } from './model.js';
import { describePolicy } from './policy-override.js';
import { compressWindow, findSlo } from './slo-refs.js';

/**
 * Experiments in words, for the plan, the dry run and the journal: what each fault does, what each
 * check and abort condition means, with compressed windows spelt out so nobody has to do the maths.
 */
export interface DescribeContext {
  topology: Topology;
  slos: SloSet;
  timeScale: number;
  scrapeIntervalMs?: number;
}

export function describeFault(fault: Fault, context: DescribeContext): { target: string; inject: string; remove: string } {
  switch (fault.kind) {
    case 'toxic':
      return {
        target: proxyTarget(fault.proxy, context.topology),
        inject: `${toxicWords(fault)} on ${fault.proxy} ${fault.stream}${fault.toxicity < 1 ? `, ${formatPercent(fault.toxicity * 100)} of connections` : ''} (toxic ${fault.toxicName})`,
        remove: `toxic ${fault.toxicName} removed from ${fault.proxy}`,
      };
    case 'outage':
      return { target: proxyTarget(fault.proxy, context.topology), inject: `outage: proxy ${fault.proxy} disabled, connections refused`, remove: `proxy ${fault.proxy} enabled again` };
    case 'process': {
      const words = {
        kill: { inject: `kill ${fault.service} (SIGKILL)`, remove: `${fault.service} started again` },
        pause: { inject: `pause ${fault.service} (SIGSTOP): it freezes mid-request`, remove: `${fault.service} resumed (SIGCONT)` },
        restart: { inject: `restart ${fault.service} (graceful stop, start on the same port)`, remove: '' },
      }[fault.action];
      return { target: `service ${fault.service}`, ...words };
    }
    case 'policy':
      return {
        target: `${fault.service} → ${fault.peer}`,
        inject: `${fault.service} → ${fault.peer} policy set to: ${describePolicy(fault.policy)}`,
        remove: `${fault.service} → ${fault.peer} policy restored to: ${describePolicy(fault.declared)}`,
      };
  }
}

function toxicWords(fault: ToxicFault): string {
  const a = (name: string) => fault.attributes[name] ?? 0;
  switch (fault.type) {
    case 'latency':
      return `latency ${a('latency')}ms${a('jitter') > 0 ? ` ± ${a('jitter')}ms` : ''}`;
    case 'bandwidth':
      return `bandwidth ${a('rate')} KB/s per connection`;
    case 'slow_close':
      return `slow close: FIN held back ${a('delay')}ms`;
    case 'timeout':
      return a('timeout') > 0 ? `timeout: bytes dropped, connection closed after ${a('timeout')}ms` : 'timeout: bytes dropped, connection never closed';
    case 'reset_peer':
      return `reset peer: TCP RST ${a('timeout')}ms after the first bytes`;
    case 'slicer':
      return `slicer: ${a('average_size')} ± ${a('size_variation')} byte pieces, ${a('delay')}µs apart`;
    case 'limit_data':
      return `limit data: connection closed after ${a('bytes')} bytes`;
    case 'noop':
      return 'noop (passes data through)';
  }
}

function proxyTarget(proxy: string, topology: Topology): string {
  const found = declaredProxies(topology).find((p) => p.dependency.proxy.name === proxy);
  return found ? `proxy ${proxy} (${found.caller} → ${found.dependency.service})` : `proxy ${proxy} (not in the topology)`;
}

export function describeCheck(condition: CheckCondition, context: DescribeContext): string {
  switch (condition.kind) {
    case 'errorRatio':
      return `error ratio${kindsWords(condition.kinds)} ≤ ${formatPercent(condition.maxPercent)} over the last ${formatDuration(condition.windowMs)}`;
    case 'latency':
      return `p${formatNumber(condition.percentile)} latency${kindsWords(condition.kinds)} ≤ ${formatDuration(condition.maxMs)} over the last ${formatDuration(condition.windowMs)}`;
    case 'burnRate':
      return `burn rate of ${condition.slo} over ${windowWords(condition.slo, condition.windowMs, context)} ≤ ${formatNumber(condition.max)}×`;
    case 'budget':
      return `${condition.slo} has consumed ≤ ${formatPercent(condition.maxConsumedPercent)} of its error budget${periodWords(condition.slo, context)}`;
    case 'probe': {
      const where = 'path' in condition.target ? `${publicName(context.topology)} ${condition.target.path}` : condition.target.url;
      return `GET ${where} answers ${condition.expectStatus.join(' or ')} within ${formatDuration(condition.timeoutMs)}`;
    }
  }
}

export function describeAbort(condition: AbortCondition, context: DescribeContext): string {
  switch (condition.kind) {
    case 'budgetBurned':
      return `${condition.slo} has burned more than ${formatPercent(condition.abovePercent)} of its error budget${periodWords(condition.slo, context)}`;
    case 'burnRate':
      return `${condition.slo} burns faster than ${formatNumber(condition.above)}× over ${windowWords(condition.slo, condition.windowMs, context)}${forWords(condition.forMs)}`;
    case 'errorRatio':
      return `more than ${formatPercent(condition.abovePercent)} of requests fail over the last ${formatDuration(condition.windowMs)}${forWords(condition.forMs)}`;
  }
}

/** `5m (4s at ×720: 417ms, clamped to four 1s scrapes)`. */
function windowWords(sloId: string, nominalMs: number, context: DescribeContext): string {
  const slo = findSlo(context.slos, sloId);
  if (!slo || context.timeScale === 1) return promDuration(nominalMs);
  const window = compressWindow(slo, nominalMs, context.timeScale, context.scrapeIntervalMs);
  const scaled = formatDuration(nominalMs / context.timeScale);
  return window.clamped
    ? `${promDuration(nominalMs)} (${formatDuration(window.ms)} at ×${formatNumber(context.timeScale)}: ${scaled}, clamped to four scrapes)`
    : `${promDuration(nominalMs)} (${formatDuration(window.ms)} at ×${formatNumber(context.timeScale)})`;
}

function periodWords(sloId: string, context: DescribeContext): string {
  const slo = findSlo(context.slos, sloId);
  if (!slo) return '';
  return context.timeScale === 1 ? ` (${promDuration(slo.periodMs)} period)` : ` (${promDuration(slo.periodMs)} period = ${formatDuration(slo.periodMs / context.timeScale)} at ×${formatNumber(context.timeScale)})`;
}

function kindsWords(kinds: readonly string[]): string {
  return kinds.length === 0 ? '' : ` of ${kinds.join(' and ')} requests`;
}

function forWords(forMs: number): string {
  return forMs > 0 ? `, for ${formatDuration(forMs)}` : '';
}

export function publicName(topology: Topology): string {
  return topology.services.find((s) => s.public)?.name ?? 'the public service';
}
