import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * `query_results`: a scheduled query's latest result on one host (its "query report" row): the
 * rows of the newest snapshot, capped (`clipped` when the host sent more). Written by
 * osquery-ingest from result logs; read by api-gateway.
 */
@Entity({ name: 'query_results' })
@Index('ix_query_results_host_id', ['hostId'])
export class QueryResultEntity {
  @PrimaryColumn({ name: 'query_id', type: 'integer' })
  queryId!: number;

  @PrimaryColumn({ name: 'host_id', type: 'integer' })
  hostId!: number;

  /** When the host ran the query (the result line's unixTime). */
  @Column({ name: 'last_fetched', type: 'datetime' })
  lastFetched!: Date;

  /** Rows the host sent (before capping). */
  @Column({ name: 'row_count', type: 'integer', default: 0 })
  rowCount!: number;

  @Column({ type: 'boolean', default: false })
  clipped!: boolean;

  /** The kept rows: column name → value, as osquery sent them. */
  @Column({ name: 'rows_json', type: 'json' })
  rows!: Record<string, string>[];
}
