import { parseDuration } from '../../core/durations.js';
import { isLoopbackHost } from '../../load/loopback.js';
import type { SloSet } from '../../slo/model.js';
import { declaredProxies, type Topology } from '../../topology/model.js';
import type { ExperimentMetadata, Safety } from './model.js';
import type { ProblemCollector } from './problems.js';
import { DEFAULTS, type RawExperiment } from './spec.js';

/** What every part of the loader checks against. */
export interface BuildContext {
  topology: Topology;
  slos: SloSet;
  problems: ProblemCollector;
  /** Catalogue entries must teach: learningObjective and lookFor are required. */
  catalogue: boolean;
}

const MIN_LEASE_MS = 1000;
const MAX_LEASE_MS = 5 * 60_000;

export function buildMetadata(raw: RawExperiment, context: BuildContext): ExperimentMetadata {
  const { metadata } = raw;
  if (context.catalogue) {
    if (!metadata.learningObjective) context.problems.report(['metadata'], 'a catalogue experiment needs metadata.learningObjective: what a trainee should understand afterwards');
    if (!metadata.lookFor || metadata.lookFor.length === 0) context.problems.report(['metadata'], 'a catalogue experiment needs metadata.lookFor: where to look while it runs, one sentence each');
  }
  return {
    name: metadata.name,
    title: metadata.title,
    description: metadata.description ?? '',
    tags: metadata.tags ?? [],
    ...(metadata.learningObjective ? { learningObjective: metadata.learningObjective } : {}),
    lookFor: metadata.lookFor ?? [],
  };
}

export function buildSafety(raw: RawExperiment, context: BuildContext): Safety {
  const leaseTtlMs = parseDuration(raw.safety?.leaseTtl ?? DEFAULTS.leaseTtl);
  if (leaseTtlMs < MIN_LEASE_MS || leaseTtlMs > MAX_LEASE_MS) {
    context.problems.report(
      ['safety', 'leaseTtl'],
      `a lease of ${raw.safety?.leaseTtl} is out of range: use 1s to 5m (shorter lapses between renewals on a busy machine; longer leaves a dead runner's faults in place)`,
    );
  }
  return {
    allowOutsideTopology: raw.safety?.allowOutsideTopology ?? false,
    allowNonLoopbackUpstream: raw.safety?.allowNonLoopbackUpstream ?? false,
    leaseTtlMs,
  };
}

/**
 * The blast radius: target.proxies must be proxies the topology declares (unless
 * safety.allowOutsideTopology), with upstreams on loopback (unless safety.allowNonLoopbackUpstream);
 * target.services must be services of the topology, since only its supervisor can act on them.
 */
export function buildTargets(raw: RawExperiment, safety: Safety, context: BuildContext): { proxies: string[]; services: string[] } {
  const proxies = raw.target?.proxies ?? [];
  const services = raw.target?.services ?? [];
  const declared = declaredProxies(context.topology);
  const declaredNames = declared.map((p) => p.dependency.proxy.name);
  proxies.forEach((name, index) => {
    const at = ['target', 'proxies', index];
    const found = declared.find((p) => p.dependency.proxy.name === name);
    if (!found) {
      if (!safety.allowOutsideTopology) {
        context.problems.report(
          at,
          `unknown proxy "${name}"; the topology declares ${declaredNames.join(', ')} (set safety.allowOutsideTopology: true to fault a proxy it does not declare, e.g. on a shared Toxiproxy)`,
        );
      }
      return;
    }
    const upstream = found.dependency.proxy.upstream;
    if (upstream !== undefined && !isLoopbackHost(hostOf(upstream)) && !safety.allowNonLoopbackUpstream) {
      context.problems.report(
        at,
        `proxy ${name} forwards to ${upstream}, outside 127.0.0.0/8: Faultline only breaks what runs on this machine; set safety.allowNonLoopbackUpstream: true if that system is yours to break`,
      );
    }
  });
  const serviceNames = context.topology.services.map((s) => s.name as string);
  services.forEach((name, index) => {
    if (!serviceNames.includes(name)) context.problems.report(['target', 'services', index], `unknown service "${name}"; the topology declares ${serviceNames.join(', ')}`);
  });
  return { proxies, services };
}

/** The host of a `host:port` address as a URL names it (an IPv6 host keeps its brackets). */
function hostOf(address: string): string {
  return address.slice(0, address.lastIndexOf(':'));
}
