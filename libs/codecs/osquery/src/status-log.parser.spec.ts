// Inline status lines are synthetic (after agent-protocols.md §1.7 and Fleet's own test lines).
import { thrown } from './__fixtures__/perf-fixtures';
import { parseStatusLine } from './status-log.parser';

const HOST = '3F7B1C2A-0000-4C1D-9E55-ABCDEF012345';
const stringLine = {
  hostIdentifier: HOST, calendarTime: 'Tue May  6 10:00:01 2025 UTC', unixTime: '1746525601', severity: '1',
  filename: 'scheduler.cpp', line: '96', message: 'Scheduled query may have failed', version: '5.12.1', decorations: { host_uuid: HOST },
};

describe('parseStatusLine', () => {
  it('parses a line with string numbers', () => {
    expect(parseStatusLine(stringLine)).toEqual({
      hostIdentifier: HOST, calendarTime: 'Tue May  6 10:00:01 2025 UTC', unixTime: 1746525601, severity: 1,
      filename: 'scheduler.cpp', line: 96, message: 'Scheduled query may have failed', version: '5.12.1',
      decorations: { host_uuid: HOST }, raw: stringLine,
    });
  });

  it.each([
    [0, 0], ['0', 0], [1, 1], ['2', 2], [3, 3],
  ])('accepts severity %j', (severity, expected) => {
    expect(parseStatusLine({ ...stringLine, severity, unixTime: 1746525601, line: 96 }).severity).toBe(expected);
  });

  it('defaults absent fields (old Fleet test lines carry only severity/filename/line/message/version)', () => {
    const line = parseStatusLine({ severity: '0', filename: 'tls.cpp', line: '216', message: 'some message', version: '1.8.2' });
    expect(line).toMatchObject({ hostIdentifier: '', calendarTime: '', unixTime: 0, severity: 0, line: 216, decorations: {} });
  });

  it.each([
    ['severity 4', { ...stringLine, severity: '4' }, 'severity'],
    ['severity -1', { ...stringLine, severity: -1 }, 'severity'],
    ['a textual severity', { ...stringLine, severity: 'WARNING' }, 'severity'],
    ['a non-numeric line', { ...stringLine, line: 'ninety' }, 'line'],
    ['an object message', { ...stringLine, message: {} }, 'message'],
    ['decorations as an array', { ...stringLine, decorations: [] }, 'decorations'],
    ['a non-object line', 42, 'status line'],
  ])("rejects %s with 'invalid_line'", (_name, line, field) => {
    const err = thrown(() => parseStatusLine(line));
    expect(err.code).toBe('invalid_line');
    expect(err.message).toContain(field);
  });
});
