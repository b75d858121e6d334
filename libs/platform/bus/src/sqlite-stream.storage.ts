import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { LoadedStream, PersistedMessage, StreamStorage } from './stream-storage';

export const STREAMS_FILE = 'streams.sqlite';

interface MessageRow {
  seq: number;
  raw: string;
  msg_id: string | null;
  request_id: string | null;
  stored_at: number;
}

/**
 * Streams of one in-process bus in `<directory>/streams.sqlite`. WAL with synchronous=NORMAL:
 * a committed append survives a process crash (not necessarily a power loss), like JetStream's
 * file store, which does not fsync every write either.
 */
export class SqliteStreamStorage implements StreamStorage {
  readonly persistent = true;
  private readonly db: Database.Database;
  private readonly insert: Database.Statement<[string, number, string, string | null, string | null, number]>;
  private readonly deleteMessages: Database.Statement<[string, number]>;
  private readonly saveLast: Database.Statement<[string, number]>;
  private readonly selectFloor: Database.Statement<[string, string], { ack_floor: number }>;
  private readonly upsertFloor: Database.Statement<[string, string, number]>;

  constructor(directory: string) {
    mkdirSync(directory, { recursive: true });
    this.db = new Database(join(directory, STREAMS_FILE));
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS messages (
        stream TEXT NOT NULL, seq INTEGER NOT NULL, raw TEXT NOT NULL, msg_id TEXT, request_id TEXT, stored_at INTEGER NOT NULL,
        PRIMARY KEY (stream, seq)) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS streams (stream TEXT PRIMARY KEY, last_seq INTEGER NOT NULL) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS consumers (
        stream TEXT NOT NULL, durable TEXT NOT NULL, ack_floor INTEGER NOT NULL,
        PRIMARY KEY (stream, durable)) WITHOUT ROWID;
    `);
    this.insert = this.db.prepare('INSERT INTO messages (stream, seq, raw, msg_id, request_id, stored_at) VALUES (?, ?, ?, ?, ?, ?)');
    this.deleteMessages = this.db.prepare('DELETE FROM messages WHERE stream = ? AND seq < ?');
    this.saveLast = this.db.prepare(
      'INSERT INTO streams (stream, last_seq) VALUES (?, ?) ON CONFLICT (stream) DO UPDATE SET last_seq = max(last_seq, excluded.last_seq)',
    );
    this.selectFloor = this.db.prepare('SELECT ack_floor FROM consumers WHERE stream = ? AND durable = ?');
    this.upsertFloor = this.db.prepare(
      'INSERT INTO consumers (stream, durable, ack_floor) VALUES (?, ?, ?) ON CONFLICT (stream, durable) DO UPDATE SET ack_floor = excluded.ack_floor',
    );
  }

  load(stream: string): LoadedStream {
    const rows = this.db.prepare('SELECT seq, raw, msg_id, request_id, stored_at FROM messages WHERE stream = ? ORDER BY seq').all(stream) as MessageRow[];
    const messages: PersistedMessage[] = rows.map((r) => ({ seq: r.seq, raw: r.raw, msgId: r.msg_id ?? undefined, requestId: r.request_id ?? undefined, storedAt: r.stored_at }));
    const { last } = this.db
      .prepare(
        `SELECT max(coalesce((SELECT last_seq FROM streams WHERE stream = @s), 0),
                    coalesce((SELECT max(seq) FROM messages WHERE stream = @s), 0),
                    coalesce((SELECT max(ack_floor) FROM consumers WHERE stream = @s), 0)) AS last`,
      )
      .get({ s: stream }) as { last: number };
    return { messages, lastSeq: last };
  }

  append(stream: string, m: PersistedMessage): void {
    this.insert.run(stream, m.seq, m.raw, m.msgId ?? null, m.requestId ?? null, m.storedAt);
  }

  deleteBefore(stream: string, firstSeq: number, lastSeq: number): void {
    this.db.transaction(() => {
      this.saveLast.run(stream, lastSeq);
      this.deleteMessages.run(stream, firstSeq);
    })();
  }

  ackFloor(stream: string, durable: string): number | undefined {
    return this.selectFloor.get(stream, durable)?.ack_floor;
  }

  saveAckFloor(stream: string, durable: string, floor: number): void {
    this.upsertFloor.run(stream, durable, floor);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
