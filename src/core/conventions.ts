/**
 * Metric and label names, defined once (habit 12) and used by the proxy, the services, the SLO rules
 * and the dashboards alike. Names follow Prometheus conventions; series of Faultline's own are
 * prefixed `faultline_`, series that mirror Toxiproxy keep Toxiproxy's names so existing dashboards
 * built for `toxiproxy-server -proxy-metrics` keep working.
 */
export const ProxyMetricNames = {
  /** Toxiproxy's name; labels direction, listener, proxy, upstream. Faultline counts live, not only at close. */
  receivedBytes: 'toxiproxy_proxy_received_bytes_total',
  /** Toxiproxy's name; labels direction, listener, proxy, upstream. */
  sentBytes: 'toxiproxy_proxy_sent_bytes_total',
  connectionsAccepted: 'faultline_proxy_connections_total',
  connectionsActive: 'faultline_proxy_connections_active',
  upstreamConnectErrors: 'faultline_proxy_upstream_connect_errors_total',
  activeToxics: 'faultline_proxy_active_toxics',
  proxyEnabled: 'faultline_proxy_enabled',
  leasesActive: 'faultline_proxy_leases_active',
  leasesExpired: 'faultline_proxy_leases_expired_total',
} as const;

export const ProxyMetricLabels = {
  proxy: 'proxy',
  direction: 'direction',
  listener: 'listener',
  upstream: 'upstream',
  toxicType: 'type',
} as const;
