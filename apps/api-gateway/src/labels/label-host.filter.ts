import { LabelEntity } from '@flotilla/platform-db';
import type { EntityManager } from 'typeorm';

/** A WHERE fragment over the hosts alias, with its parameters (names unlikely to clash with other filters'). */
export interface SqlCondition {
  sql: string;
  params: Record<string, unknown>;
}

/** The `hosts.platform` values a builtin platform label matches; empty: every host. */
export function platformsOf(label: Pick<LabelEntity, 'platforms'>): string[] {
  return label.platforms
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
}

/** Whether a builtin platform label contains a host of `platform`. */
export function platformLabelHas(label: Pick<LabelEntity, 'platforms'>, platform: string): boolean {
  const platforms = platformsOf(label);
  return platforms.length === 0 || platforms.includes(platform);
}

/**
 * The hosts of label `labelId`, as a condition on the hosts alias `h`: builtin platform labels
 * match `hosts.platform` (All Hosts: every host), dynamic and manual labels their
 * `label_membership` rows. An unknown label matches no host.
 */
export async function labelHostCondition(manager: EntityManager, labelId: number, hostAlias = 'h'): Promise<SqlCondition> {
  const label = await manager.findOne(LabelEntity, { where: { id: labelId }, select: { id: true, membershipType: true, platforms: true } });
  if (!label) return { sql: '1 = 0', params: {} };
  if (label.membershipType === 'platform') {
    const platforms = platformsOf(label);
    return platforms.length === 0 ? { sql: '1 = 1', params: {} } : { sql: `${hostAlias}.platform IN (:...labelFilterPlatforms)`, params: { labelFilterPlatforms: platforms } };
  }
  return {
    sql: `EXISTS (SELECT 1 FROM label_membership lfm WHERE lfm.label_id = :labelFilterId AND lfm.host_id = ${hostAlias}.id)`,
    params: { labelFilterId: labelId },
  };
}
