import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';

/** Fleet's default global agent options (`config` section), served until agent options are configurable. */
const DEFAULT_AGENT_CONFIG = {
  options: {
    pack_delimiter: '/',
    logger_tls_period: 10,
    distributed_plugin: 'tls',
    disable_distributed: false,
    logger_tls_endpoint: '/api/osquery/log',
    distributed_interval: 10,
    distributed_tls_max_attempts: 3,
  },
  decorators: {
    load: ['SELECT uuid AS host_uuid FROM system_info;', 'SELECT hostname AS hostname FROM system_info;'],
  },
} as const;

export interface ServedConfig {
  /** The serialised config, ready to send (with its `etag` key). */
  body: string;
  etag: string;
}

/**
 * The osquery config a host gets. It is serialised once (per team/platform once agent options,
 * packs and schedules exist) and served as a string: an unchanged config costs no JSON work,
 * and a newer osquery presenting the current `etag` gets just `{"etag":"ok"}`.
 */
@Injectable()
export class AgentConfigService {
  private readonly served: ServedConfig;
  static readonly NOT_MODIFIED = '{"etag":"ok"}';

  constructor() {
    const json = JSON.stringify(DEFAULT_AGENT_CONFIG);
    const etag = createHash('sha256').update(json).digest('hex').slice(0, 32);
    this.served = { body: `${json.slice(0, -1)},"etag":${JSON.stringify(etag)}}`, etag };
  }

  configFor(_teamId: number | null, _platform: string): ServedConfig {
    return this.served;
  }
}
