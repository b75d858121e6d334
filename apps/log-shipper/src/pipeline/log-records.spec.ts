import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '@flotilla/testing';
import { logRecords, OsqueryLogMessage } from './log-records';

/** Fleet's recorded USB-devices result log: the same run in event format (2 lines) and snapshot format (1 line). */
const usb = JSON.parse(readFileSync(join(REPO_ROOT, 'libs/codecs/osquery/src/__fixtures__/fleet-usb-devices.result-log.json'), 'utf8')) as {
  snapshot_format: Array<Record<string, unknown>>;
  event_format: Array<Record<string, unknown>>;
};

const statusLine = { severity: '0', message: 'Executing scheduled query', filename: 'scheduler.cpp', line: '83', unixTime: '1738153974', calendarTime: 'x', hostIdentifier: 'h', version: '5.12.1' };
const message = (logType: 'result' | 'status', lines: unknown[], batchId = 'b1'): OsqueryLogMessage => ({
  hostId: 1,
  hostIdentifier: 'h',
  logType,
  batchId,
  receivedAt: '2025-01-29T12:32:55.000Z',
  lines,
});
const parsed = (records: Array<{ json: string }>) => records.map((r) => JSON.parse(r.json) as Record<string, unknown>);

describe('logRecords', () => {
  it('gives every line the top-level id <batchId>:<index>, the same on every call (redelivery)', () => {
    const msg = message('status', [statusLine, { ...statusLine, line: '84' }], 'c0ffee');
    const records = logRecords(msg, { idField: 'flotilla_log_id', snapshotFormat: false });
    expect(records.map((r) => r.id)).toEqual(['c0ffee:0', 'c0ffee:1']);
    expect(parsed(records)).toEqual([
      { ...statusLine, flotilla_log_id: 'c0ffee:0' },
      { ...statusLine, line: '84', flotilla_log_id: 'c0ffee:1' },
    ]);
    expect(records[0]?.bytes).toBe(Buffer.byteLength(records[0]?.json ?? ''));
    expect(logRecords(msg, { idField: 'flotilla_log_id', snapshotFormat: false })).toEqual(records);
  });

  it('uses the configured field name, or adds none (the records keep their ids)', () => {
    const msg = message('status', [statusLine]);
    expect(parsed(logRecords(msg, { idField: 'event_id', snapshotFormat: false }))).toEqual([{ ...statusLine, event_id: 'b1:0' }]);
    const bare = logRecords(msg, { idField: undefined, snapshotFormat: false });
    expect(parsed(bare)).toEqual([statusLine]);
    expect(bare.map((r) => r.id)).toEqual(['b1:0']);
  });

  it('passes lines that are not JSON objects unchanged', () => {
    expect(logRecords(message('status', ['plain text', 7, null]), { idField: 'flotilla_log_id', snapshotFormat: false }).map((r) => [r.id, r.json])).toEqual([
      ['b1:0', '"plain text"'],
      ['b1:1', '7'],
      ['b1:2', 'null'],
    ]);
  });

  it('turns event-format snapshot lines back into the snapshot line; the merged line keeps its first line\'s id', () => {
    const other = { ...usb.event_format[0], name: 'pack/Global/other', action: 'added' };
    const msg = message('result', [other, ...usb.event_format]);
    for (const idField of ['flotilla_log_id', undefined]) {
      const records = logRecords(msg, { idField, snapshotFormat: true });
      expect(records.map((r) => r.id)).toEqual(['b1:0', 'b1:1']);
      const [first, merged] = parsed(records);
      expect(first).toEqual(idField ? { ...other, flotilla_log_id: 'b1:0' } : other);
      const { columns: _c, ...firstEvent } = usb.event_format[0] ?? {};
      expect(merged).toEqual({ ...firstEvent, action: 'snapshot', snapshot: expect.any(Array), ...(idField ? { flotilla_log_id: 'b1:1' } : {}) });
      // The rows of Fleet's own snapshot-format recording of the same query.
      expect(merged?.['snapshot']).toEqual(usb.snapshot_format[0]?.['snapshot']);
      if (!idField) expect(Object.keys(merged ?? {}).some((k) => k.includes('flotilla'))).toBe(false);
    }
  });

  it('leaves result lines alone without snapshot format, and status lines always', () => {
    expect(logRecords(message('result', usb.event_format), { idField: 'flotilla_log_id', snapshotFormat: false })).toHaveLength(2);
    const snapshotEvents = usb.event_format.map((l) => ({ ...l, severity: '0' }));
    expect(logRecords(message('status', snapshotEvents), { idField: 'flotilla_log_id', snapshotFormat: true })).toHaveLength(2);
  });

  it('keeps a line that does not parse in place, converting the runs around it', () => {
    const records = logRecords(message('result', [...usb.event_format, { hostIdentifier: 'no name' }, ...usb.event_format]), { idField: 'flotilla_log_id', snapshotFormat: true });
    expect(records.map((r) => r.id)).toEqual(['b1:0', 'b1:2', 'b1:3']);
    expect(parsed(records).map((l) => l['snapshot'] !== undefined)).toEqual([true, false, true]);
  });
});
