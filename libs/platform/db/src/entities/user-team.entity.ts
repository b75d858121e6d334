import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** `user_teams`: a user's role on one team. Owned by api-gateway. */
@Entity({ name: 'user_teams' })
export class UserTeamEntity {
  @PrimaryColumn({ name: 'user_id', type: 'integer' })
  userId!: number;

  @Index('ix_user_teams_team_id')
  @PrimaryColumn({ name: 'team_id', type: 'integer' })
  teamId!: number;

  @Column({ type: 'varchar', length: 32 })
  role!: string;
}
