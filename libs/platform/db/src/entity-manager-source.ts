import type { EntityManager } from 'typeorm';

/**
 * What a repository needs: an EntityManager. `Database` provides one (throwing
 * DependencyUnavailableError while the database is down); inside `db.transaction(fn)` pass
 * `{ manager }` so several repositories share the transaction.
 */
export interface EntityManagerSource {
  readonly manager: EntityManager;
}
