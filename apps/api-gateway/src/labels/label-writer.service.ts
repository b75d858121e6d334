import { Inject, Injectable } from '@nestjs/common';
import { LABELS_CHANGED } from '@flotilla/contracts';
import type { Bus } from '@flotilla/platform-bus';
import { isDuplicateKey, type LabelEntity } from '@flotilla/platform-db';
import type { Logger } from '@flotilla/platform-logging';
import { BUS, LOGGER } from '@flotilla/platform-server';
import type { EntityManager } from 'typeorm';
import { can } from '../authz/authorizer';
import type { Principal } from '../authz/principal';
import { checkDescription, checkName, checkPlatform, checkQuery } from './label-rules';
import { LabelsError } from './labels.errors';
import { LabelsRepository } from './labels.repository';

/** What a label is made of, validated: a dynamic label's query and platform, or a manual label's hosts. */
export type LabelMembership = { type: 'dynamic'; query: string; platform: string } | { type: 'manual'; hostIds: number[] };

/** The raw fields of a create, a spec or a patch, before validation. */
export interface RawMembership {
  label_membership_type?: 'dynamic' | 'manual' | undefined;
  query?: string | undefined;
  platform?: string | undefined;
  host_ids?: number[] | null | undefined;
  hosts?: string[] | null | undefined;
}

/**
 * What every label write shares: name checks (unique ignoring letter case), membership
 * validation, resolving the hosts of manual labels (only hosts the caller may see), and telling
 * osquery-ingest (LABELS_CHANGED) which labels to run again or forget.
 */
@Injectable()
export class LabelWriterService {
  constructor(
    private readonly labels: LabelsRepository,
    @Inject(BUS) private readonly bus: Bus,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** A valid name no other label (`exceptId`) uses in any letter case; 422 / 409 otherwise. */
  async availableName(raw: string, exceptId?: number, tx?: EntityManager, field = 'name'): Promise<string> {
    const name = checkName(raw, field);
    const conflict = await this.labels.findByNameIgnoringCase(name, exceptId, tx);
    if (conflict) throw LabelsError.nameTaken(conflict.name);
    return name;
  }

  description(raw: string | undefined, field = 'description'): string {
    return checkDescription(raw ?? '', field);
  }

  /**
   * The membership a create or spec asks for: `label_membership_type` when given, else manual
   * when hosts are named and dynamic otherwise. `prefix` names fields in errors (`specs.2.`).
   */
  async membership(principal: Principal, raw: RawMembership, prefix = ''): Promise<LabelMembership> {
    const hostsGiven = (raw.host_ids !== undefined && raw.host_ids !== null) || (raw.hosts !== undefined && raw.hosts !== null);
    const type = raw.label_membership_type ?? (hostsGiven && !raw.query ? 'manual' : 'dynamic');
    if (type === 'dynamic') {
      if (hostsGiven) throw LabelsError.validation(`${prefix}${raw.host_ids ? 'host_ids' : 'hosts'}`, 'a dynamic label gets its hosts from its query; use a manual label to list hosts');
      return { type, query: checkQuery(raw.query, `${prefix}query`), platform: checkPlatform(raw.platform ?? '', `${prefix}platform`) };
    }
    if (raw.query) throw LabelsError.validation(`${prefix}query`, 'a manual label has no query (its hosts are listed)');
    if (raw.platform) throw LabelsError.validation(`${prefix}platform`, 'a manual label has no platform');
    return { type, hostIds: await this.resolveHosts(principal, raw.host_ids ?? [], raw.hosts ?? [], prefix) };
  }

  /**
   * Host ids of `ids` and `identifiers` (hostname, UUID, serial or osquery host id). Unknown
   * ones, and hosts the caller may not see, are named in a 422: nothing is written.
   */
  async resolveHosts(principal: Principal, ids: readonly number[], identifiers: readonly string[], prefix = ''): Promise<number[]> {
    const visible = (teamId: number | null): boolean => can(principal, 'host.read', teamId) || can(principal, 'host.read_by_identifier', teamId);
    const found = (await this.labels.hostsByIds(ids)).filter((h) => visible(h.teamId));
    const foundIds = new Set(found.map((h) => h.id));
    const unknownIds = [...new Set(ids)].filter((id) => !foundIds.has(id));
    if (unknownIds.length > 0) throw LabelsError.unknownHosts(`${prefix}host_ids`, unknownIds);
    const matched = (await this.labels.hostsByIdentifiers(identifiers)).filter((h) => visible(h.teamId));
    const matchedIdentifiers = new Set(matched.map((h) => h.identifier));
    const unknownIdentifiers = [...new Set(identifiers)].filter((i) => !matchedIdentifiers.has(i));
    if (unknownIdentifiers.length > 0) throw LabelsError.unknownHosts(`${prefix}hosts`, unknownIdentifiers);
    return [...new Set([...foundIds, ...matched.map((h) => h.id)])].sort((a, b) => a - b);
  }

  /** Inserts a regular label (and a manual label's members) in `tx`; a name taken meanwhile is 409. */
  async insert(tx: EntityManager, principal: Principal, name: string, description: string, membership: LabelMembership): Promise<number> {
    let id: number;
    try {
      id = await this.labels.insert(
        {
          name,
          description,
          query: membership.type === 'dynamic' ? membership.query : '',
          platform: membership.type === 'dynamic' ? membership.platform : '',
          labelType: 'regular',
          membershipType: membership.type,
          platforms: '',
          authorId: principal.user?.id ?? null,
        },
        tx,
      );
    } catch (err) {
      if (isDuplicateKey(err)) throw LabelsError.nameTaken(name);
      throw err;
    }
    if (membership.type === 'manual') await this.labels.replaceMembers(id, membership.hostIds, tx);
    return id;
  }

  /** Renames or edits a label in `tx`; a name taken meanwhile is 409. */
  async update(tx: EntityManager, label: LabelEntity, changes: Parameters<LabelsRepository['update']>[1]): Promise<void> {
    try {
      await this.labels.update(label.id, changes, tx);
    } catch (err) {
      if (isDuplicateKey(err)) throw LabelsError.nameTaken(changes.name ?? label.name);
      throw err;
    }
  }

  /** Tells osquery-ingest which labels to run again (new or re-defined) and which to forget; a failure is logged, not thrown (the write is done). */
  async changed(changedIds: readonly number[], deletedIds: readonly number[] = []): Promise<void> {
    if (changedIds.length === 0 && deletedIds.length === 0) return;
    try {
      await this.bus.publish(LABELS_CHANGED, { changedIds: [...changedIds], deletedIds: [...deletedIds] });
    } catch (err) {
      this.logger.warn({ err, changedIds, deletedIds }, 'could not publish LABELS_CHANGED; osquery-ingest picks the change up at its next reload');
    }
  }
}
