import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DEFAULT_AGENT_OPTIONS } from '@flotilla/domain';

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
    // Until agent options reach osquery-ingest (scheduling issue), every host gets the defaults' osquery config.
    const json = JSON.stringify(DEFAULT_AGENT_OPTIONS.config);
    const etag = createHash('sha256').update(json).digest('hex').slice(0, 32);
    this.served = { body: `${json.slice(0, -1)},"etag":${JSON.stringify(etag)}}`, etag };
  }

  configFor(_teamId: number | null, _platform: string): ServedConfig {
    return this.served;
  }
}
