// Inline lines are synthetic (after agent-protocols.md §1.7); the USB lines are recorded (see __fixtures__/SOURCES.md).
import { loadJsonFixture, thrown } from './__fixtures__/perf-fixtures';
import { eventsToSnapshot, parseResultLine, ResultLine } from './result-log.parser';

const HOST = '3F7B1C2A-0000-4C1D-9E55-ABCDEF012345';

const snapshotLine = {
  name: 'pack/Global/usb_devices', hostIdentifier: HOST, calendarTime: 'Tue May  6 10:00:00 2025 UTC',
  unixTime: 1746525600, epoch: 0, counter: 0, numerics: false,
  decorations: { host_uuid: HOST, hostname: 'mbp-42.local' },
  action: 'snapshot', snapshot: [{ vendor: 'Apple Inc.', model: 'USB3 Hub', serial: '0' }],
};
const eventLine = {
  name: 'pack/team-7/listening_ports_10', hostIdentifier: HOST, calendarTime: 'Tue May  6 10:00:05 2025 UTC',
  unixTime: 1746525605, epoch: 0, counter: 3, numerics: false, decorations: { host_uuid: HOST },
  action: 'added', columns: { pid: '911', port: '5432', protocol: '6', address: '127.0.0.1' },
};
const batchLine = {
  name: 'pack/team-7/processes', hostIdentifier: HOST, calendarTime: 'Tue May  6 10:00:09 2025 UTC',
  unixTime: 1746525609, epoch: 0, counter: 4, numerics: false, decorations: {},
  diffResults: { added: [{ pid: '1201', name: 'node' }], removed: [{ pid: '1100', name: 'node' }] },
};
// osquery 2.x/3.x wrote the numbers as strings and had no `numerics`.
const oldEventLine = {
  name: 'pack_osquery-monitoring_schedule', hostIdentifier: 'web-01', calendarTime: 'Mon Jun  4 09:00:00 2018 UTC',
  unixTime: '1528102800', epoch: '0', counter: '12', decorations: { host_uuid: 'abc' },
  action: 'removed', columns: { name: 'pack_x_y', executions: '5' },
};

describe('parseResultLine', () => {
  it('parses the snapshot format', () => {
    expect(parseResultLine(snapshotLine)).toEqual({
      kind: 'snapshot', name: 'pack/Global/usb_devices', hostIdentifier: HOST, calendarTime: 'Tue May  6 10:00:00 2025 UTC',
      unixTime: 1746525600, epoch: 0, counter: 0, numerics: false, decorations: { host_uuid: HOST, hostname: 'mbp-42.local' },
      snapshot: [{ vendor: 'Apple Inc.', model: 'USB3 Hub', serial: '0' }], raw: snapshotLine,
    });
  });

  it('parses the differential event format', () => {
    const line = parseResultLine(eventLine);
    expect(line).toMatchObject({ kind: 'event', action: 'added', counter: 3, columns: eventLine.columns });
    expect(line.raw).toBe(eventLine);
  });

  it('parses the differential batch format', () => {
    expect(parseResultLine(batchLine)).toMatchObject({
      kind: 'batch', unixTime: 1746525609, decorations: {},
      diffResults: { added: [{ pid: '1201', name: 'node' }], removed: [{ pid: '1100', name: 'node' }] },
    });
  });

  it('accepts strings for unixTime/epoch/counter (old osquery)', () => {
    expect(parseResultLine(oldEventLine)).toMatchObject({ kind: 'event', action: 'removed', unixTime: 1528102800, epoch: 0, counter: 12, numerics: false });
  });

  it('stringifies numeric columns and decorations (logger_numerics)', () => {
    const line = parseResultLine({ ...eventLine, numerics: true, columns: { pid: 911, port: 5432, cpu: 0.25 }, decorations: { uid: 501 } });
    expect(line).toMatchObject({ numerics: true, columns: { pid: '911', port: '5432', cpu: '0.25' }, decorations: { uid: '501' } });
  });

  it('defaults missing optional fields and a missing half of diffResults', () => {
    expect(parseResultLine({ name: 'pack/Global/q', diffResults: { added: [{ a: '1' }] } })).toEqual({
      kind: 'batch', name: 'pack/Global/q', hostIdentifier: '', calendarTime: '', unixTime: 0, epoch: 0, counter: 0, numerics: false,
      decorations: {}, diffResults: { added: [{ a: '1' }], removed: [] }, raw: { name: 'pack/Global/q', diffResults: { added: [{ a: '1' }] } },
    });
  });

  it('parses both Fleet-recorded USB formats (fleetdm/fleet server/service/osquery.go)', () => {
    const usb = loadJsonFixture<{ snapshot_format: unknown[]; event_format: unknown[] }>('fleet-usb-devices.result-log.json');
    expect(usb.snapshot_format.map((l) => parseResultLine(l).kind)).toEqual(['snapshot']);
    expect(usb.event_format.map((l) => parseResultLine(l))).toEqual([
      expect.objectContaining({ kind: 'event', action: 'snapshot', columns: expect.objectContaining({ model: 'AppleUSBVHCIBCE Root Hub Simulation' }) }),
      expect.objectContaining({ kind: 'event', action: 'snapshot', columns: expect.objectContaining({ model: 'AppleUSBXHCI Root Hub Simulation' }) }),
    ]);
  });

  it.each([
    ['no name', { action: 'added', columns: {} }, 'missing_field', 'name'],
    ['an empty name', { name: '', snapshot: [] }, 'missing_field', 'name'],
    ['a numeric name', { name: 5, snapshot: [] }, 'missing_field', 'name'],
    ['a non-object line', 'pack/Global/q', 'invalid_line', 'result line'],
    ['an array line', [], 'invalid_line', 'result line'],
    ['a non-numeric unixTime', { ...eventLine, unixTime: 'yesterday' }, 'invalid_line', 'unixTime'],
    ['a non-numeric counter', { ...eventLine, counter: {} }, 'invalid_line', 'counter'],
    ['an unknown action', { ...eventLine, action: 'changed' }, 'invalid_line', 'action'],
    ['columns as an array', { ...eventLine, columns: [] }, 'invalid_line', 'columns'],
    ['a nested column value', { ...eventLine, columns: { a: [1] } }, 'invalid_line', 'columns.a'],
    ['snapshot as an object', { ...snapshotLine, snapshot: {} }, 'invalid_line', 'snapshot'],
    ['a snapshot row that is not an object', { ...snapshotLine, snapshot: ['x'] }, 'invalid_line', 'snapshot[0]'],
    ['diffResults as an array', { ...batchLine, diffResults: [] }, 'invalid_line', 'diffResults'],
    ['decorations as a string', { ...eventLine, decorations: 'x' }, 'invalid_line', 'decorations'],
    ['a non-boolean numerics', { ...eventLine, numerics: 'maybe' }, 'invalid_line', 'numerics'],
    ['no rows at all', { name: 'pack/Global/q', unixTime: 1 }, 'invalid_line', 'pack/Global/q'],
  ])('rejects %s', (_name, line, code, field) => {
    const err = thrown(() => parseResultLine(line));
    expect(err.code).toBe(code);
    expect(err.message).toContain(field);
  });
});

describe('eventsToSnapshot', () => {
  it('rebuilds the Fleet-recorded USB snapshot from its event-format lines', () => {
    const usb = loadJsonFixture<{ snapshot_format: unknown[]; event_format: unknown[] }>('fleet-usb-devices.result-log.json');
    const [rebuilt, ...rest] = eventsToSnapshot(usb.event_format.map(parseResultLine));
    const [expected] = usb.snapshot_format.map(parseResultLine);
    expect(rest).toEqual([]);
    expect(rebuilt?.kind).toBe('snapshot');
    expect(rebuilt?.kind === 'snapshot' && rebuilt.snapshot).toEqual(expected?.kind === 'snapshot' && expected.snapshot);
    expect(rebuilt).toMatchObject({ name: 'pack/Global/All USB devices', unixTime: 1738153974, decorations: { hostname: 'foobar.local' } });
    expect(rebuilt?.raw).toMatchObject({ action: 'snapshot', snapshot: expect.any(Array) });
    expect(rebuilt?.raw).not.toHaveProperty('columns');
  });

  it('merges per name/host/unixTime, keeps other lines in place', () => {
    const ev = (name: string, unixTime: number, n: string) => ({ ...eventLine, name, unixTime, action: 'snapshot', columns: { n } });
    const lines: ResultLine[] = [
      eventLine, ev('pack/Global/a', 10, '1'), batchLine, ev('pack/Global/b', 10, 'x'), ev('pack/Global/a', 10, '2'), ev('pack/Global/a', 20, '3'), snapshotLine,
    ].map(parseResultLine);
    const out = eventsToSnapshot(lines);
    expect(out.map((l) => [l.kind, l.name, l.kind === 'snapshot' ? l.snapshot.map((r) => r['n'] ?? r['vendor']) : null])).toEqual([
      ['event', 'pack/team-7/listening_ports_10', null],
      ['snapshot', 'pack/Global/a', ['1', '2']],
      ['batch', 'pack/team-7/processes', null],
      ['snapshot', 'pack/Global/b', ['x']],
      ['snapshot', 'pack/Global/a', ['3']],
      ['snapshot', 'pack/Global/usb_devices', ['Apple Inc.']],
    ]);
  });

  it('returns the same lines when nothing is in event-snapshot format', () => {
    const lines = [eventLine, batchLine, snapshotLine].map(parseResultLine);
    expect(eventsToSnapshot(lines)).toEqual(lines);
  });
});
