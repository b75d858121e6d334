/**
 * Fleet's default global agent options: what a fresh install serves hosts as their osquery
 * config (TLS logger and distributed plugins every 10 s, `/` pack delimiter, host_uuid and
 * hostname decorators). api-gateway serves them in `/config`; osquery-ingest sends them to hosts.
 */
export const DEFAULT_AGENT_OPTIONS = {
  config: {
    options: {
      pack_delimiter: '/',
      logger_tls_period: 10,
      distributed_plugin: 'tls',
      disable_distributed: false,
      logger_tls_endpoint: '/api/osquery/log',
      distributed_interval: 10,
      distributed_tls_max_attempts: 3,
    },
    decorators: { load: ['SELECT uuid AS host_uuid FROM system_info;', 'SELECT hostname AS hostname FROM system_info;'] },
  },
  overrides: {},
  command_line_flags: null,
} as const;
