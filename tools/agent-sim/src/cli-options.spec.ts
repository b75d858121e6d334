import { buildProgram, parseAgentSimArgs, parseDuration, parseMix } from './cli-options';

const argv = (...args: string[]): string[] => ['node', 'main.js', ...args];

/** A program that throws instead of exiting and prints nothing. */
const quietProgram = () =>
  buildProgram()
    .exitOverride()
    .configureOutput({ writeErr: () => undefined, writeOut: () => undefined });

describe('agent-sim CLI options', () => {
  it.each([
    ['250ms', 250],
    ['10s', 10_000],
    ['1.5m', 90_000],
    ['1h', 3_600_000],
    ['7', 7_000],
  ])('parses duration %s', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', '10x', '-1s', 'soon'])('rejects duration %j', (text) => {
    expect(() => parseDuration(text)).toThrow(/not a duration/);
  });

  it('parses a template mix and sums repeats', () => {
    expect(parseMix('ubuntu_22.04:10, windows_11:5,ubuntu_22.04:1')).toEqual({ 'ubuntu_22.04': 11, windows_11: 5 });
    expect(() => parseMix('ubuntu_22.04=10')).toThrow(/<template>:<count>/);
  });

  it('maps flags to fleet options with osquery-perf-like defaults', () => {
    const run = parseAgentSimArgs(argv('--url', 'https://fleet.test', '--enroll-secret', 's'), quietProgram());
    expect(run).toEqual({
      durationMs: 0,
      reportEveryMs: 10_000,
      json: false,
      fleet: expect.objectContaining({
        baseUrl: 'https://fleet.test',
        enrollSecret: 's',
        hosts: 10,
        seed: '1',
        distributedIntervalMs: 10_000,
        configIntervalMs: 60_000,
        loggerPeriodMs: 10_000,
        startPeriodMs: 10_000,
        gzip: false,
        nodeKeyIn: 'body',
        insecure: false,
      }),
    });
    expect(run.fleet.mix).toBeUndefined();
  });

  it('accepts every documented flag', () => {
    const run = parseAgentSimArgs(
      argv(
        '--url', 'http://127.0.0.1:8080', '--enroll-secret', 'x', '--hosts', '50', '--mix', 'ubuntu_22.04:25,macos_14.1.2:25',
        '--distributed-interval', '1s', '--config-interval', '5s', '--logger-period', '2s', '--start-period', '30s',
        '--duration', '2m', '--report-every', '5s', '--gzip', '--insecure', '--node-key-in', 'both', '--seed', 'abc',
        '--policy-pass-prob', '0.5', '--json',
      ),
      quietProgram(),
    );
    expect(run).toMatchObject({ durationMs: 120_000, reportEveryMs: 5_000, json: true });
    expect(run.fleet).toMatchObject({
      hosts: 50,
      mix: { 'ubuntu_22.04': 25, 'macos_14.1.2': 25 },
      distributedIntervalMs: 1_000,
      configIntervalMs: 5_000,
      loggerPeriodMs: 2_000,
      startPeriodMs: 30_000,
      gzip: true,
      insecure: true,
      nodeKeyIn: 'both',
      seed: 'abc',
      policyPassProb: 0.5,
    });
  });

  it.each([
    [['--enroll-secret', 's'], /required option '--url <url>'/],
    [['--url', 'http://x', '--enroll-secret', 's', '--hosts', '0'], /positive integer/],
    [['--url', 'http://x', '--enroll-secret', 's', '--node-key-in', 'cookie'], /body, header or both/],
    [['--url', 'http://x', '--enroll-secret', 's', '--policy-pass-prob', '2'], /probability/],
  ])('rejects bad input %j', (args, message) => {
    expect(() => parseAgentSimArgs(argv(...args), quietProgram())).toThrow(message);
  });
});
