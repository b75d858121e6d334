import { Inject, Injectable } from '@nestjs/common';
import { SessionEntity } from '@flotilla/platform-db';
import type { EntityManagerSource } from '@flotilla/platform-db';
import { DATABASE } from '@flotilla/platform-server';
import { IsNull } from 'typeorm';

/** A session row (the token itself is never stored). */
export interface SessionRecord {
  id: number;
  userId: number | null;
  tokenHash: string;
  apiOnly: boolean;
  createdAt: Date;
  accessedAt: Date | null;
}

export interface NewSession {
  tokenHash: string;
  name: string;
  apiOnly: boolean;
  userId: number | null;
}

/** The `sessions` table (owned by api-gateway): API tokens, stored as SHA-256 hashes only. */
@Injectable()
export class SessionsRepository {
  constructor(@Inject(DATABASE) private readonly db: EntityManagerSource) {}

  async findByTokenHash(tokenHash: string): Promise<SessionRecord | null> {
    const row = await this.db.manager.findOneBy(SessionEntity, { tokenHash });
    return row ? toRecord(row) : null;
  }

  async findById(id: number): Promise<SessionRecord | null> {
    const row = await this.db.manager.findOneBy(SessionEntity, { id });
    return row ? toRecord(row) : null;
  }

  async listForUser(userId: number): Promise<SessionRecord[]> {
    const rows = await this.db.manager.find(SessionEntity, { where: { userId }, order: { id: 'ASC' } });
    return rows.map(toRecord);
  }

  /** Revokes every session of a user (optionally all but one); returns how many went. */
  async deleteForUser(userId: number, exceptSessionId?: number): Promise<number> {
    const qb = this.db.manager.createQueryBuilder().delete().from(SessionEntity).where('user_id = :userId', { userId });
    if (exceptSessionId !== undefined) qb.andWhere('id <> :exceptSessionId', { exceptSessionId });
    return (await qb.execute()).affected ?? 0;
  }

  /** Revokes the sessions that belong to no user (the bootstrap token). */
  async deleteUnowned(): Promise<number> {
    return (await this.db.manager.delete(SessionEntity, { userId: IsNull() })).affected ?? 0;
  }

  async touch(id: number, at: Date): Promise<void> {
    await this.db.manager.update(SessionEntity, { id }, { accessedAt: at });
  }

  async isEmpty(): Promise<boolean> {
    return !(await this.db.manager.exists(SessionEntity, {}));
  }

  /** Inserts a session; returns its id. Throws the driver's duplicate-key error when the hash exists. */
  async insert(session: NewSession): Promise<number> {
    const result = await this.db.manager.insert(SessionEntity, { ...session });
    const id: unknown = result.identifiers[0]?.['id'];
    if (typeof id !== 'number') throw new Error('sessions: insert returned no id');
    return id;
  }

  /** Ids of the sessions named `name` that belong to no user, oldest first. */
  async unownedIdsNamed(name: string): Promise<number[]> {
    const rows = await this.db.manager.find(SessionEntity, { select: { id: true }, where: { name, userId: IsNull() }, order: { id: 'ASC' } });
    return rows.map((r) => r.id);
  }

  async delete(id: number): Promise<boolean> {
    return ((await this.db.manager.delete(SessionEntity, { id })).affected ?? 0) > 0;
  }
}

function toRecord(row: SessionEntity): SessionRecord {
  return { id: row.id, userId: row.userId, tokenHash: row.tokenHash, apiOnly: Boolean(row.apiOnly), createdAt: row.createdAt, accessedAt: row.accessedAt };
}
