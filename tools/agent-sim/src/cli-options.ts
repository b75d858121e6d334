import { readFileSync } from 'node:fs';
import { Command, InvalidArgumentError, Option } from 'commander';
import { HOST_TEMPLATE_NAMES, type AgentFleetOptions, type NodeKeyPlacement } from '@flotilla/testing';

/** Raw option values as commander hands them over (after the per-option parsers). */
export interface AgentSimCliValues {
  url: string;
  enrollSecret: string;
  hosts: number;
  mix?: Record<string, number>;
  distributedInterval: number;
  configInterval: number;
  loggerPeriod: number;
  startPeriod: number;
  duration: number;
  reportEvery: number;
  gzip: boolean;
  nodeKeyIn: NodeKeyPlacement;
  insecure: boolean;
  ca?: string;
  seed: string;
  policyPassProb: number;
  liveQueryNoResultsProb: number;
  scheduleTimeScale: number;
  templatesDir?: string;
  json: boolean;
}

export interface AgentSimRun {
  fleet: AgentFleetOptions;
  /** 0 = until SIGINT/SIGTERM. */
  durationMs: number;
  reportEveryMs: number;
  json: boolean;
}

const UNITS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };

/** `250ms`, `10s`, `1.5m`, `1h`, or a bare number of seconds → milliseconds. */
export function parseDuration(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/.exec(text);
  if (!m?.[1]) throw new InvalidArgumentError(`"${text}" is not a duration (e.g. 500ms, 10s, 5m, 1h)`);
  return Math.round(Number(m[1]) * (UNITS[m[2] ?? 's'] ?? 1_000));
}

/** `ubuntu_22.04:10,windows_11:5` → `{ 'ubuntu_22.04': 10, windows_11: 5 }`. */
export function parseMix(text: string): Record<string, number> {
  const mix: Record<string, number> = {};
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const m = /^([A-Za-z0-9_.-]+):(\d+)$/.exec(part);
    if (!m?.[1] || m[2] === undefined) throw new InvalidArgumentError(`"${part}" is not <template>:<count> (templates: ${HOST_TEMPLATE_NAMES.join(', ')})`);
    mix[m[1]] = (mix[m[1]] ?? 0) + Number(m[2]);
  }
  if (Object.keys(mix).length === 0) throw new InvalidArgumentError('empty mix');
  return mix;
}

function parsePositiveInt(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`"${text}" is not a positive integer`);
  return n;
}

function parseProbability(text: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n < 0 || n > 1) throw new InvalidArgumentError(`"${text}" is not a probability in [0, 1]`);
  return n;
}

function parsePositiveNumber(text: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`"${text}" is not a positive number`);
  return n;
}

function parseNodeKeyIn(text: string): NodeKeyPlacement {
  if (text === 'body' || text === 'header' || text === 'both') return text;
  throw new InvalidArgumentError('must be body, header or both');
}

/** A duration flag whose help shows the default as written (`10s`), not in ms. */
function durationOption(flags: string, description: string, def: string): Option {
  return new Option(flags, description).argParser(parseDuration).default(parseDuration(def), def);
}

export function buildProgram(): Command {
  return new Command('agent-sim')
    .description('Simulates osquery agents against a Fleet-compatible osquery TLS API (like Fleet\'s osquery-perf).')
    .requiredOption('--url <url>', 'base URL of the server, http:// or https://')
    .requiredOption('--enroll-secret <secret>', 'osquery enroll secret')
    .option('--hosts <n>', 'number of simulated hosts', parsePositiveInt, 10)
    .option('--mix <spec>', `template:count list, e.g. ubuntu_22.04:10,windows_11:5 (default: ${HOST_TEMPLATE_NAMES.join(', ')} evenly)`, parseMix)
    .addOption(durationOption('--distributed-interval <duration>', 'distributed/read period', '10s'))
    .addOption(durationOption('--config-interval <duration>', 'config refresh period', '1m'))
    .addOption(durationOption('--logger-period <duration>', 'log flush period', '10s'))
    .addOption(durationOption('--start-period <duration>', 'spread host start-up over this long', '10s'))
    .addOption(durationOption('--duration <duration>', 'stop after this long (0 = until Ctrl-C)', '0'))
    .addOption(durationOption('--report-every <duration>', 'print stats this often', '10s'))
    .option('--gzip', 'gzip request bodies (Content-Encoding: gzip)', false)
    .option('--node-key-in <where>', 'node key in body, header (Authorization: NodeKey) or both', parseNodeKeyIn, 'body' as NodeKeyPlacement)
    .option('--insecure', 'do not verify the server certificate', false)
    .option('--ca <file>', 'PEM CA certificate to trust (self-signed servers)')
    .option('--seed <seed>', 'seed for identities and random choices', '1')
    .option('--policy-pass-prob <p>', 'pass probability of policies that are not SELECT 1/0', parseProbability, 1)
    .option('--live-query-no-results-prob <p>', 'probability that a live query returns no rows', parseProbability, 0.2)
    .option('--schedule-time-scale <x>', 'multiply scheduled-query intervals by this factor', parsePositiveNumber, 1)
    .option('--templates-dir <dir>', 'folder of <template>.tmpl files (default: the shipped osquery-perf templates)')
    .option('--json', 'print stats as JSON lines instead of a table', false);
}

/** Parses argv (node, script, ...args) into fleet options; commander exits with usage on bad input. */
export function parseAgentSimArgs(argv: readonly string[], program: Command = buildProgram()): AgentSimRun {
  program.parse([...argv]);
  const o = program.opts<AgentSimCliValues>();
  const fleet: AgentFleetOptions = {
    baseUrl: o.url,
    enrollSecret: o.enrollSecret,
    hosts: o.hosts,
    ...(o.mix ? { mix: o.mix } : {}),
    seed: o.seed,
    distributedIntervalMs: o.distributedInterval,
    configIntervalMs: o.configInterval,
    loggerPeriodMs: o.loggerPeriod,
    startPeriodMs: o.startPeriod,
    gzip: o.gzip,
    nodeKeyIn: o.nodeKeyIn,
    insecure: o.insecure,
    ...(o.ca ? { ca: readFileSync(o.ca) } : {}),
    policyPassProb: o.policyPassProb,
    liveQueryNoResultsProb: o.liveQueryNoResultsProb,
    scheduleTimeScale: o.scheduleTimeScale,
    ...(o.templatesDir ? { templatesDir: o.templatesDir } : {}),
  };
  return { fleet, durationMs: o.duration, reportEveryMs: o.reportEvery, json: o.json };
}
