import type { EntityClass } from '../database.options';
import { ActivityEntity } from './activity.entity';
import { AppConfigEntity } from './app-config.entity';

import { EnrollSecretEntity } from './enroll-secret.entity';
import { HostEntity } from './host.entity';
import { InviteEntity } from './invite.entity';
import { LabelMembershipEntity } from './label-membership.entity';
import { LabelEntity } from './label.entity';
import { PasswordResetRequestEntity } from './password-reset-request.entity';
import { PolicyMembershipEntity } from './policy-membership.entity';
import { PolicyStatsEntity } from './policy-stats.entity';
import { PolicyEntity } from './policy.entity';
import { PackEntity, PackTargetEntity, ScheduledQueryEntity } from './pack.entity';
import { QueryResultEntity } from './query-result.entity';
import { QueryStatsEntity } from './query-stats.entity';
import { QueryEntity } from './query.entity';
import { SessionEntity } from './session.entity';
import { TeamEntity } from './team.entity';
import { UserTeamEntity } from './user-team.entity';
import { UserEntity } from './user.entity';

export { APP_CONFIG_ID, AppConfigEntity } from './app-config.entity';
export { EnrollSecretEntity } from './enroll-secret.entity';
export { HostEntity } from './host.entity';
export type { HostMdmRecord, HostUserRecord } from './host.entity';
export { SessionEntity } from './session.entity';
export { ActivityEntity } from './activity.entity';
export { InviteEntity } from './invite.entity';
export type { InviteTeamRecord } from './invite.entity';
export { PasswordResetRequestEntity } from './password-reset-request.entity';
export { TeamEntity } from './team.entity';
export { UserEntity } from './user.entity';
export type { UserSettingsRecord } from './user.entity';
export { UserTeamEntity } from './user-team.entity';
export { LabelEntity } from './label.entity';
export type { LabelMembershipType, LabelType } from './label.entity';
export { LabelMembershipEntity } from './label-membership.entity';
export { PolicyEntity } from './policy.entity';
export { PolicyMembershipEntity } from './policy-membership.entity';
export { PolicyStatsEntity } from './policy-stats.entity';
export { QueryEntity } from './query.entity';
export { QueryStatsEntity } from './query-stats.entity';
export type { QueryLoggingType } from './query.entity';
export { PackEntity, PackTargetEntity, ScheduledQueryEntity } from './pack.entity';
export type { PackTargetType } from './pack.entity';
export { QueryResultEntity } from './query-result.entity';

/** Every entity of the schema. Add new entities here (and their table in a new migration). */
export const ALL_ENTITIES: readonly EntityClass[] = [
  AppConfigEntity,
  HostEntity,
  EnrollSecretEntity,
  SessionEntity,
  UserEntity,
  UserTeamEntity,
  TeamEntity,
  InviteEntity,
  PasswordResetRequestEntity,
  ActivityEntity,
  LabelEntity,
  LabelMembershipEntity,
  PolicyEntity,
  PolicyMembershipEntity,
  PolicyStatsEntity,
  QueryEntity,
  QueryStatsEntity,
  PackEntity,
  PackTargetEntity,
  ScheduledQueryEntity,
  QueryResultEntity,
];
