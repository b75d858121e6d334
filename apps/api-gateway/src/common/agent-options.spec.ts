import { DEFAULT_AGENT_OPTIONS } from '@flotilla/domain';
import { agentOptionsProblems, MAX_AGENT_OPTIONS_BYTES } from './agent-options';

describe('agent options validation', () => {
  it('accepts Fleet’s defaults, overrides per platform and command-line flags', () => {
    expect(agentOptionsProblems(DEFAULT_AGENT_OPTIONS)).toEqual([]);
    expect(
      agentOptionsProblems({
        config: { options: { distributed_interval: 30 }, decorators: { load: ['SELECT 1'] } },
        overrides: { platforms: { darwin: { options: { logger_tls_period: 60 } } } },
        command_line_flags: { verbose: true, tls_hostname: 'fleet.example.com' },
        script_execution_timeout: 300,
      }),
    ).toEqual([]);
  });

  it('names every unknown key and wrong type by its path', () => {
    expect(
      agentOptionsProblems({
        config: { options: { distributed_interval: 'often', disable_events: 'no' }, colour: 'blue' },
        bogus: 1,
        overrides: { platforms: { windows: { options: { logger_tls_period: -1 } } } },
      }),
    ).toEqual(
      expect.arrayContaining([
        { name: 'agent_options.bogus', reason: 'unknown key bogus' },
        { name: 'agent_options.config.colour', reason: 'unknown key colour' },
        { name: 'agent_options.config.options.distributed_interval', reason: 'distributed_interval must be a non-negative integer' },
        { name: 'agent_options.config.options.disable_events', reason: 'disable_events must be true or false' },
        { name: 'agent_options.overrides.platforms.windows.options.logger_tls_period', reason: 'logger_tls_period must be a non-negative integer' },
      ]),
    );
  });

  it('checks scheduled queries in the schedule and in packs: SQL, interval range, known keys', () => {
    expect(
      agentOptionsProblems({
        config: {
          schedule: { ok: { query: 'SELECT 1', interval: 60, snapshot: true }, zero: { query: 'SELECT 1', interval: 0 }, slow: { query: 'SELECT 1', interval: 1_000_000 } },
          packs: { p: { queries: { q: { query: 'SELECT 1', interval: 'hourly' }, r: { query: 'SELECT 1', interval: 60, colour: 'red' } } }, onDisk: '/etc/osquery/packs/x.conf' },
        },
      }),
    ).toEqual([
      { name: 'agent_options.config.packs.p.queries.q.interval', reason: 'interval must be a number of seconds' },
      { name: 'agent_options.config.packs.p.queries.r.colour', reason: 'unknown key colour' },
      { name: 'agent_options.config.schedule.zero.interval', reason: 'interval must be at least 1 second' },
      { name: 'agent_options.config.schedule.slow.interval', reason: 'interval must be at most 604800 seconds (a week)' },
    ]);
  });

  it('refuses a non-object, nested option values and documents over 2 MiB', () => {
    expect(agentOptionsProblems('x')).toHaveLength(1);
    expect(agentOptionsProblems({ config: { options: { a: { b: 1 } } } })[0]?.name).toBe('agent_options.config.options.a');
    const huge = { config: { schedule: { q: { query: 'x'.repeat(MAX_AGENT_OPTIONS_BYTES) } } } };
    expect(agentOptionsProblems(huge, 'team.agent_options')).toEqual([{ name: 'team.agent_options', reason: expect.stringContaining('limit') }]);
  });
});
