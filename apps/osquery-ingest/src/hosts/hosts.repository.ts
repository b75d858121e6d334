import { Inject, Injectable } from '@nestjs/common';
import { Database, HostEntity } from '@flotilla/platform-db';
import { DATABASE } from '@flotilla/platform-server';
import { In, type EntityManager } from 'typeorm';
import { writeBatchOrEach, type Waiting } from '../common/batch-write';
import type { HostState } from './host-state';

const CONCURRENT_ENROLL_MARGIN_MS = 1_000;
/** Tries of an enroll transaction that a concurrent one made MySQL abort (see isEnrollConflict). */
const ENROLL_ATTEMPTS = 5;
/** Enrollments per transaction at most. */
const ENROLL_BATCH = 200;

export interface Enrolled {
  host: HostEntity;
  /** False when the host was created by this enrollment. */
  reenrolled: boolean;
}

interface EnrollRequest {
  osqueryHostId: string;
  nodeKey: string;
  teamId: number | null;
  columns: HostColumns;
  receivedAt: Date;
}

/**
 * MySQL/MariaDB aborted the transaction because of a concurrent one: a duplicate key (1062 —
 * another attempt for the same new host inserted it first), a deadlock (1213) or a lock wait
 * timeout (1205). Running again sees what the winner wrote.
 */
function isEnrollConflict(err: unknown): boolean {
  const errno = (err as { driverError?: { errno?: unknown } } | null)?.driverError?.errno;
  return errno === 1213 || errno === 1205 || errno === 1062;
}

/** Work done inside a hosts transaction, on the affected host ids. */
export type InTransaction = (tx: EntityManager, hostIds: number[]) => Promise<void>;

export type HostColumns = Partial<Omit<HostEntity, 'id' | 'createdAt' | 'updatedAt'>>;

export function toHostState(h: HostEntity): HostState {
  return {
    id: h.id,
    nodeKey: h.nodeKey ?? '',
    osqueryHostId: h.osqueryHostId,
    teamId: h.teamId,
    platform: h.platform,
    hostname: h.hostname,
    detailUpdatedAt: h.detailUpdatedAt ? h.detailUpdatedAt.getTime() : 0,
    labelUpdatedAt: h.labelUpdatedAt ? h.labelUpdatedAt.getTime() : 0,
    policyUpdatedAt: h.policyUpdatedAt ? h.policyUpdatedAt.getTime() : 0,
    refetchRequested: h.refetchRequested,
    // The request time isn't stored: a pending refetch counts as asked for now (runs labels and policies once more at worst).
    refetchRequestedAt: h.refetchRequested ? Date.now() : 0,
  };
}

/** The `hosts` table as osquery-ingest (its owner) reads and writes it. */
@Injectable()
export class HostsRepository {
  private readonly enrollQueue: Array<Waiting<EnrollRequest, Enrolled>> = [];
  private enrolling = false;

  constructor(@Inject(DATABASE) private readonly db: Database) {}

  findByNodeKey(nodeKey: string): Promise<HostEntity | null> {
    return this.db.manager.findOneBy(HostEntity, { nodeKey });
  }

  findById(id: number): Promise<HostEntity | null> {
    return this.db.manager.findOneBy(HostEntity, { id });
  }

  /**
   * Creates the host for `osqueryHostId`, or re-keys the existing row (re-enrollment reuses the
   * host); `columns` carry the vitals from the enroll details.
   *
   * If the row was (re-)enrolled after this request arrived, another attempt for the same host
   * won — typically the agent's retry of a request it timed out on, which then kept that key —
   * so its key is returned unchanged instead of re-keying the host behind the agent's back.
   * (Timestamps may be stored at one-second precision, hence the margin.)
   *
   * Enrollments are written in batches (group commit): one runs at once per process, and the
   * requests that arrive meanwhile share the next transaction — a burst of thousands of hosts
   * costs a few statements per couple of hundred hosts instead of a transaction each.
   */
  enroll(osqueryHostId: string, nodeKey: string, teamId: number | null, columns: HostColumns, receivedAt: Date): Promise<Enrolled> {
    return new Promise<Enrolled>((resolve, reject) => {
      this.enrollQueue.push({ item: { osqueryHostId, nodeKey, teamId, columns, receivedAt }, resolve, reject });
      if (!this.enrolling) void this.drainEnrollments();
    });
  }

  private async drainEnrollments(): Promise<void> {
    this.enrolling = true;
    try {
      // One transaction for the batch; if it fails, each request alone (so one bad request fails by itself).
      while (this.enrollQueue.length > 0) await writeBatchOrEach(this.enrollQueue.splice(0, ENROLL_BATCH), (batch) => this.enrollRetrying(batch));
    } finally {
      this.enrolling = false;
    }
  }

  /** A transaction MySQL aborts for a concurrent one (another replica enrolling the same new host) runs again, up to 5 times. */
  private async enrollRetrying(batch: readonly EnrollRequest[]): Promise<Enrolled[]> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.enrollAll(batch);
      } catch (err) {
        if (attempt >= ENROLL_ATTEMPTS || !isEnrollConflict(err)) throw err;
        await new Promise((r) => setTimeout(r, Math.random() * 20 * attempt));
      }
    }
  }

  private enrollAll(batch: readonly EnrollRequest[]): Promise<Enrolled[]> {
    // READ COMMITTED: the locking read of hosts that do not exist yet takes no gap lock, so
    // replicas enrolling different new hosts do not deadlock (REPEATABLE READ's gap locks did).
    return this.db.transaction(
      async (manager) => {
        // SQLite serialises writers; MySQL needs the rows locked so two attempts cannot both re-key one.
        const rowLock = manager.connection.options.type === 'better-sqlite3' ? {} : { lock: { mode: 'pessimistic_write' as const } };
        const found = await manager.find(HostEntity, { where: { osqueryHostId: In([...new Set(batch.map((r) => r.osqueryHostId))]) }, ...rowLock });
        const rows = new Map(found.map((h) => [h.osqueryHostId, h]));
        const created = new Set<HostEntity>();
        const now = new Date();
        const out: Enrolled[] = [];
        // In order: a later request for a host enrolled earlier in the batch is "another attempt won".
        for (const r of batch) {
          const row = rows.get(r.osqueryHostId);
          if (row?.nodeKey && row.lastEnrolledAt && row.lastEnrolledAt.getTime() >= r.receivedAt.getTime() - CONCURRENT_ENROLL_MARGIN_MS) {
            out.push({ host: row, reenrolled: true });
            continue;
          }
          const values: HostColumns = { ...r.columns, nodeKey: r.nodeKey, teamId: r.teamId, lastEnrolledAt: now, seenTime: now, refetchRequested: true };
          if (row) {
            // (A row created earlier in this batch is simply inserted with these values.)
            if (!created.has(row)) await manager.update(HostEntity, { id: row.id }, values);
            out.push({ host: Object.assign(row, values), reenrolled: true });
            continue;
          }
          const host = manager.create(HostEntity, { osqueryHostId: r.osqueryHostId, ...values });
          created.add(host);
          rows.set(r.osqueryHostId, host);
          out.push({ host, reenrolled: false });
        }
        if (created.size === 0) return out;
        await manager.createQueryBuilder().insert().into(HostEntity).values([...created]).updateEntity(false).execute();
        // The new rows as stored (ids, defaults).
        const stored = new Map((await manager.find(HostEntity, { where: { osqueryHostId: In([...created].map((h) => h.osqueryHostId)) } })).map((h) => [h.osqueryHostId, h]));
        return out.map((e) => {
          if (!created.has(e.host)) return e;
          const host = stored.get(e.host.osqueryHostId);
          if (!host) throw new Error(`host ${e.host.osqueryHostId} not found after its insert`);
          return { ...e, host };
        });
      },
      { readCommitted: true },
    );
  }

  async updateColumns(id: number, columns: HostColumns): Promise<void> {
    if (Object.keys(columns).length > 0) await this.db.manager.update(HostEntity, { id }, columns);
  }

  /**
   * Deletes hosts; returns the ids that existed. `alsoDelete` runs in the same transaction with
   * those ids (the hosts' label and policy memberships go with them).
   */
  async deleteByIds(ids: readonly number[], alsoDelete?: InTransaction): Promise<number[]> {
    if (ids.length === 0) return [];
    return this.db.transaction(async (manager) => {
      const found = await manager.find(HostEntity, { select: { id: true }, where: { id: In([...ids]) } });
      const existing = found.map((h) => h.id);
      if (existing.length > 0) {
        await manager.delete(HostEntity, { id: In(existing) });
        await alsoDelete?.(manager, existing);
      }
      return existing;
    });
  }

  /** Moves hosts to `teamId` (null: no team); returns the ids that existed. `alsoUpdate` runs in the same transaction. */
  async transfer(ids: readonly number[], teamId: number | null, alsoUpdate?: InTransaction): Promise<number[]> {
    if (ids.length === 0) return [];
    return this.db.transaction(async (manager) => {
      const found = await manager.find(HostEntity, { select: { id: true }, where: { id: In([...ids]) } });
      const existing = found.map((h) => h.id);
      if (existing.length > 0) {
        await manager.update(HostEntity, { id: In(existing) }, { teamId });
        await alsoUpdate?.(manager, existing);
      }
      return existing;
    });
  }

  async requestRefetch(id: number): Promise<boolean> {
    const result = await this.db.manager.update(HostEntity, { id }, { refetchRequested: true });
    return (result.affected ?? 0) > 0;
  }

  /** One statement per flush: every host seen since the last flush gets the flush time. */
  async touchSeen(ids: readonly number[], seenTime: Date): Promise<void> {
    for (let i = 0; i < ids.length; i += 1_000) {
      await this.db.manager.update(HostEntity, { id: In(ids.slice(i, i + 1_000)) }, { seenTime });
    }
  }
}
