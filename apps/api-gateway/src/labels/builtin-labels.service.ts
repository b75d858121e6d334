import { Inject, Injectable } from '@nestjs/common';
import { isDuplicateKey, type Database } from '@flotilla/platform-db';
import type { Logger } from '@flotilla/platform-logging';
import { DATABASE, LOGGER, PLATFORM_CONTEXT, StartupWork } from '@flotilla/platform-server';
import type { PlatformContext } from '@flotilla/platform-server';
import { BUILTIN_LABELS } from './builtin-labels';
import { LabelsRepository } from './labels.repository';

export interface BuiltinLabelsOutcome {
  created: string[];
  updated: string[];
  /** Names held by a regular label (created before the builtin existed): that builtin is missing. */
  blocked: string[];
}

/**
 * Installs Fleet's builtin labels (All Hosts, macOS, …) once the database is up (in the
 * background; not ready until done), and brings existing ones up to date with this version's
 * definitions. Replicas starting together race on the unique name: the losers' inserts fail as
 * duplicates and are ignored, so there is always exactly one set.
 */
@Injectable()
export class BuiltinLabelsService extends StartupWork<BuiltinLabelsOutcome> {

  constructor(
    private readonly labels: LabelsRepository,
    @Inject(DATABASE) db: Database,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(PLATFORM_CONTEXT) ctx: Pick<PlatformContext, 'readiness'>,
  ) {
    super({ name: 'builtin-labels', kind: 'api-gateway', dependsOn: db, logger, readiness: ctx.readiness });
  }

  protected atStartup(): Promise<BuiltinLabelsOutcome> {
    return this.ensure();
  }

  async ensure(): Promise<BuiltinLabelsOutcome> {
    const outcome: BuiltinLabelsOutcome = { created: [], updated: [], blocked: [] };
    for (const def of BUILTIN_LABELS) {
      const wanted = { description: def.description, query: def.query, platform: '', platforms: def.platforms.join(',') };
      const row = await this.labels.findByNameIgnoringCase(def.name);
      if (!row) {
        try {
          await this.labels.insert({ name: def.name, ...wanted, labelType: 'builtin', membershipType: 'platform', authorId: null });
          outcome.created.push(def.name);
        } catch (err) {
          if (!isDuplicateKey(err)) throw err;
        }
      } else if (row.labelType !== 'builtin' || row.name !== def.name) {
        outcome.blocked.push(def.name);
      } else if (row.description !== wanted.description || row.query !== wanted.query || row.platform !== wanted.platform || row.platforms !== wanted.platforms || row.membershipType !== 'platform') {
        await this.labels.update(row.id, { ...wanted, membershipType: 'platform' });
        outcome.updated.push(def.name);
      }
    }
    if (outcome.blocked.length > 0) this.logger.warn({ labels: outcome.blocked }, 'regular labels hold the names of built-in labels: rename them, then restart to install the built-ins');
    if (outcome.created.length > 0 || outcome.updated.length > 0) this.logger.info({ created: outcome.created, updated: outcome.updated }, 'built-in labels installed');
    return outcome;
  }
}
