import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { decodeEnrollRequest, vitalsFromEnrollDetails } from '@flotilla/codec-osquery';
import { HOST_ENROLLED } from '@flotilla/contracts';
import type { Bus } from '@flotilla/platform-bus';
import { DependencyUnavailableError } from '@flotilla/platform-errors';
import type { Logger } from '@flotilla/platform-logging';
import { BUS, LOGGER } from '@flotilla/platform-server';
import { OsqueryAgentError } from '../agent-api/osquery-agent.errors';
import { HostStateCache } from '../hosts/host-state.cache';
import { HostsRepository, toHostState } from '../hosts/hosts.repository';
import { vitalsToColumns } from '../hosts/vitals-columns';
import { EnrollSecretsService } from './enroll-secrets.service';

/** 32 random bytes: node keys are bearer credentials for every later agent call. */
const NODE_KEY_BYTES = 32;

/**
 * osquery enroll: the secret picks the team; the host is found by its host identifier (so a
 * re-enrolling machine keeps its row) and gets a fresh node key; the enroll `host_details` fill
 * the first vitals at once. Any failure is `node_invalid` (401) so osquery retries by itself.
 */
@Injectable()
export class EnrollmentService {
  constructor(
    private readonly secrets: EnrollSecretsService,
    private readonly hosts: HostsRepository,
    private readonly cache: HostStateCache,
    @Inject(BUS) private readonly bus: Bus,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async enroll(body: unknown): Promise<{ node_key: string }> {
    const receivedAt = new Date();
    const req = decodeEnrollRequest(body);
    try {
      const teamId = await this.secrets.teamFor(req.enrollSecret);
      if (teamId === undefined) throw new OsqueryAgentError('enroll_failed', 'enroll failed: invalid enroll secret');
      const vitals = vitalsFromEnrollDetails(req.hostDetails);
      const identifier = req.hostIdentifier || vitals.uuid || '';
      if (!identifier) throw new OsqueryAgentError('enroll_failed', 'enroll failed: no host identifier');
      const nodeKey = randomBytes(NODE_KEY_BYTES).toString('base64url');
      const { host, reenrolled } = await this.hosts.enroll(identifier, nodeKey, teamId, vitalsToColumns(vitals), receivedAt);
      this.cache.evict(host.id);
      this.cache.put(toHostState(host));
      void this.bus
        .publish(HOST_ENROLLED, { hostId: host.id, hostIdentifier: identifier, teamId, platform: host.platform, reenrolled })
        .catch((err: unknown) => this.logger.warn({ err }, 'could not publish host enrolled event'));
      return { node_key: host.nodeKey ?? nodeKey };
    } catch (err) {
      if (err instanceof OsqueryAgentError) throw err;
      if (err instanceof DependencyUnavailableError) throw new OsqueryAgentError('enroll_failed', `enroll failed: ${err.message}`);
      this.logger.error({ err }, 'enroll failed');
      throw new OsqueryAgentError('enroll_failed', 'enroll failed: internal error');
    }
  }
}
