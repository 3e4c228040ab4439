import { FaultlineError } from '../core/errors.js';
import type { Labels } from './model.js';

/**
 * The prometheus-operator's `PrometheusRule` custom resource (monitoring.coreos.com/v1): a
 * Kubernetes object whose `spec.groups` is the content of a Prometheus rule file (groups with
 * `name`, optional `interval`, and `rules` of `record`/`alert`, `expr`, `labels`, `annotations`, as
 * the CRD names them). Sloth emits the same object for its `PrometheusServiceLevel` input. This
 * module names the object and checks its metadata; render.ts writes it.
 */

export const PROMETHEUS_RULE_API_VERSION = 'monitoring.coreos.com/v1';
export const PROMETHEUS_RULE_KIND = 'PrometheusRule';

/** Labels on every generated object (Kubernetes' recommended labels), so `kubectl get -l` finds them. */
export const DEFAULT_RESOURCE_LABELS: Labels = {
  'app.kubernetes.io/component': 'slo',
  'app.kubernetes.io/managed-by': 'faultline',
};

/** A DNS-1123 subdomain, what Kubernetes requires of `metadata.name`. */
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const MAX_NAME = 253;
/** Label key: optional DNS-subdomain prefix and `/`, then a name of up to 63 characters. */
const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
/** Label value: empty, or up to 63 characters starting and ending alphanumerically. */
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;

/**
 * The object's name from an output base name (`shop` for slo/shop.yaml): lower-cased, every run of
 * other characters turned into one `-`, so `Shop_SLOs.v2` becomes `shop-slos-v2`.
 */
export function resourceName(baseName: string): string {
  const name = baseName
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, MAX_NAME)
    .replace(/^-+|-+$/g, '');
  if (!DNS_SUBDOMAIN.test(name)) {
    throw new FaultlineError('FAULTLINE_CLI_BAD_OPTION', `cannot make a Kubernetes object name from "${baseName}": rename the SLO file so its name has letters or digits (a-z, 0-9)`);
  }
  return name;
}

/** Check `key=value` labels for `metadata.labels`, with the reason Kubernetes would give. */
export function checkResourceLabels(labels: Labels): Labels {
  for (const [key, value] of Object.entries(labels)) {
    const slash = key.lastIndexOf('/');
    const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
    const name = slash >= 0 ? key.slice(slash + 1) : key;
    if (prefix !== undefined && (prefix.length > MAX_NAME || !DNS_SUBDOMAIN.test(prefix))) {
      throw badLabel(`label key "${key}" has an invalid prefix "${prefix}": a DNS subdomain such as example.com is expected`);
    }
    if (!LABEL_NAME.test(name)) throw badLabel(`label key "${key}" is not a Kubernetes label name: up to 63 letters, digits, - _ and ., starting and ending with a letter or digit`);
    if (!LABEL_VALUE.test(value)) throw badLabel(`label value "${value}" of "${key}" is not a Kubernetes label value: up to 63 letters, digits, - _ and ., starting and ending with a letter or digit`);
  }
  return labels;
}

function badLabel(message: string): FaultlineError {
  return new FaultlineError('FAULTLINE_CLI_BAD_OPTION', message);
}
