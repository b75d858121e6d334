import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

const bigint = { to: (v: number) => v, from: (v: string | number) => Number(v) };

/**
 * `query_stats`: how a saved query performed on one host (osquery's `stats` of live runs;
 * scheduled runs from the `scheduled_query_stats` detail query): executions and summed times, so averages and percentiles across hosts
 * can be computed. Written by osquery-ingest.
 */
@Entity({ name: 'query_stats' })
@Index('ix_query_stats_host_id', ['hostId'])
export class QueryStatsEntity {
  @PrimaryColumn({ name: 'query_id', type: 'integer' })
  queryId!: number;

  @PrimaryColumn({ name: 'host_id', type: 'integer' })
  hostId!: number;

  @PrimaryColumn({ name: 'query_type', type: 'varchar', length: 16 })
  queryType!: 'live' | 'scheduled';

  @Column({ type: 'integer', default: 0 })
  executions!: number;

  @Column({ name: 'wall_time_ms', type: 'bigint', default: 0, transformer: bigint })
  wallTimeMs!: number;

  @Column({ name: 'user_time', type: 'bigint', default: 0, transformer: bigint })
  userTime!: number;

  @Column({ name: 'system_time', type: 'bigint', default: 0, transformer: bigint })
  systemTime!: number;

  /** Memory of the last execution (bytes). */
  @Column({ type: 'bigint', default: 0, transformer: bigint })
  memory!: number;

  @Column({ name: 'last_executed', type: 'datetime', nullable: true })
  lastExecuted!: Date | null;

  /** Bytes of results the last scheduled runs produced (osquery_schedule.output_size). */
  @Column({ name: 'output_size', type: 'bigint', default: 0, transformer: bigint })
  outputSize!: number;

  /** osquery's watchdog denylisted the scheduled query on this host. */
  @Column({ type: 'boolean', default: false })
  denylisted!: boolean;
}
