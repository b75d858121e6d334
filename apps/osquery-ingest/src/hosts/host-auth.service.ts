import { Injectable } from '@nestjs/common';
import { OsqueryAgentError } from '../agent-api/osquery-agent.errors';
import type { HostState } from './host-state';
import { HostStateCache } from './host-state.cache';
import { HostsRepository, toHostState } from './hosts.repository';
import { SeenTimesService } from './seen-times.service';

/**
 * Node key → host, for every agent call after enroll. The happy path is one Map lookup and one
 * Set insert (last seen); the database is asked only for a key this process has not seen yet.
 */
@Injectable()
export class HostAuthService {
  constructor(
    private readonly cache: HostStateCache,
    private readonly hosts: HostsRepository,
    private readonly seen: SeenTimesService,
  ) {}

  /** The happy path alone, synchronously: the host of a key this process knows (marked seen), else undefined. */
  cached(nodeKey: string | undefined): HostState | undefined {
    const host = nodeKey ? this.cache.get(nodeKey) : undefined;
    if (host) this.seen.mark(host.id);
    return host;
  }

  async authenticate(nodeKey: string | undefined): Promise<HostState> {
    if (!nodeKey) throw new OsqueryAgentError('node_invalid', 'authentication error: missing node key');
    const cached = this.cached(nodeKey);
    if (cached) return cached;
    const now = Date.now();
    if (this.cache.isKnownUnknown(nodeKey, now)) throw invalid();
    const host = await this.hosts.findByNodeKey(nodeKey);
    if (!host) {
      this.cache.rememberUnknown(nodeKey, now);
      throw invalid();
    }
    const state = toHostState(host);
    this.cache.put(state);
    this.seen.mark(state.id);
    return state;
  }
}

function invalid(): OsqueryAgentError {
  return new OsqueryAgentError('node_invalid', 'authentication error: invalid node key');
}
