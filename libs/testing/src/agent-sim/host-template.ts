import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { OsqueryRow, PlatformFamily } from './agent-sim.types';
import { executeGoTemplate, GoTemplateError, parseGoTemplate, parseLenientJson, type TemplateNode } from './go-template';

/** The osquery-perf templates shipped in `__fixtures__/` (see its SOURCES.md). */
export const HOST_TEMPLATE_NAMES = ['ubuntu_22.04', 'macos_14.1.2', 'windows_11', 'rhel_9'] as const;
export type KnownHostTemplateName = (typeof HOST_TEMPLATE_NAMES)[number];

/** Values substituted into a template for one host. */
export interface HostTemplateVars {
  uuid: string;
  hostname: string;
  serialNumber: string;
  /** `{{ .GetSerialNumber }}` (windows_11): defaults to serialNumber. */
  reportedSerialNumber?: string;
  enrollSecret: string;
  distributedIntervalSeconds: number;
  configIntervalSeconds: number;
  /** Chooses the branch of macOS `{{ if .DiskEncryptionEnabled }}`. */
  diskEncryptionEnabled: boolean;
}

/** Body of `POST /api/osquery/enroll` as osquery sends it. */
export interface EnrollRequestBody {
  enroll_secret: string;
  host_identifier: string;
  platform_type: string;
  host_details: Record<string, Record<string, string>>;
}

export interface RenderedHostTemplate {
  templateName: string;
  enrollBody: EnrollRequestBody;
  /** `fleet_detail_query_*` / `fleet_label_query_*` name → rows. */
  answers: ReadonlyMap<string, OsqueryRow[]>;
  /** `os_version.platform` from the enroll body (darwin, ubuntu, rhel, windows…). */
  platform: string;
  family: PlatformFamily;
  /** `osquery_info.version` from the enroll body (for the User-Agent). */
  osqueryVersion: string;
}

const FIXTURES_REL = join('libs', 'testing', 'src', 'agent-sim', '__fixtures__');

/**
 * Folder holding the `.tmpl` files: `__fixtures__` beside this module when run from source
 * (jest, ts), otherwise the source tree found by walking up from the compiled file (the
 * repo build does not copy fixtures into dist/).
 */
export function defaultTemplatesDir(): string {
  const beside = join(__dirname, '__fixtures__');
  if (existsSync(beside)) return beside;
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const candidate = join(dir, FIXTURES_REL);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) return beside;
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function toRows(name: string, value: unknown): OsqueryRow[] {
  if (!Array.isArray(value)) throw new GoTemplateError(`template "${name}" did not render a JSON array`);
  return value.map((row) => {
    if (!isRecord(row)) throw new GoTemplateError(`template "${name}" has a row that is not an object`);
    return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v === null || v === undefined ? '' : String(v)]));
  });
}

function toEnrollBody(value: unknown): EnrollRequestBody {
  if (!isRecord(value)) throw new GoTemplateError('enroll template did not render a JSON object');
  const { enroll_secret, host_identifier, platform_type, host_details } = value;
  if (typeof enroll_secret !== 'string' || typeof host_identifier !== 'string' || typeof platform_type !== 'string' || !isRecord(host_details)) {
    throw new GoTemplateError('enroll template lacks enroll_secret, host_identifier, platform_type or host_details');
  }
  const details: Record<string, Record<string, string>> = {};
  for (const [table, row] of Object.entries(host_details)) {
    if (!isRecord(row)) throw new GoTemplateError(`enroll host_details.${table} is not an object`);
    details[table] = toRows(table, [row])[0] ?? {};
  }
  return { enroll_secret, host_identifier, platform_type, host_details: details };
}

const cache = new Map<string, HostTemplate>();

/** One parsed osquery-perf host template; render() it per host. */
export class HostTemplate {
  /** Names of the answer sub-templates (everything but `enroll`). */
  readonly queryNames: readonly string[];

  private constructor(
    readonly name: string,
    private readonly defines: ReadonlyMap<string, TemplateNode[]>,
  ) {
    if (!defines.has('enroll')) throw new GoTemplateError(`template ${name} has no "enroll" block`);
    this.queryNames = [...defines.keys()].filter((n) => n !== 'enroll');
  }

  /** Parses template source text. */
  static fromSource(name: string, source: string): HostTemplate {
    return new HostTemplate(name, parseGoTemplate(source));
  }

  /** Loads `<dir>/<name>.tmpl` (parsed once per path and cached). */
  static load(name: string, dir: string = defaultTemplatesDir()): HostTemplate {
    const path = resolve(dir, `${name}.tmpl`);
    let template = cache.get(path);
    if (!template) {
      if (!existsSync(path)) throw new Error(`agent-sim: no host template "${name}" (${path}); shipped: ${HOST_TEMPLATE_NAMES.join(', ')}`);
      template = HostTemplate.fromSource(name, readFileSync(path, 'utf8'));
      cache.set(path, template);
    }
    return template;
  }

  render(vars: HostTemplateVars): RenderedHostTemplate {
    const data = {
      UUID: vars.uuid,
      SerialNumber: vars.serialNumber,
      GetSerialNumber: () => vars.reportedSerialNumber ?? vars.serialNumber,
      EnrollSecret: vars.enrollSecret,
      CachedString: (key: unknown) => {
        if (key === 'hostname') return vars.hostname;
        throw new GoTemplateError(`CachedString "${String(key)}" is not simulated`);
      },
      QueryInterval: { Seconds: vars.distributedIntervalSeconds },
      ConfigInterval: { Seconds: vars.configIntervalSeconds },
      DiskEncryptionEnabled: vars.diskEncryptionEnabled,
    };
    const renderJson = (block: string): unknown => {
      const nodes = this.defines.get(block);
      if (!nodes) throw new GoTemplateError(`template ${this.name} has no "${block}" block`);
      const text = executeGoTemplate(nodes, data);
      try {
        return parseLenientJson(text);
      } catch (err) {
        throw new GoTemplateError(`template ${this.name} block "${block}" is not JSON: ${(err as Error).message}`);
      }
    };
    const enrollBody = toEnrollBody(renderJson('enroll'));
    const answers = new Map<string, OsqueryRow[]>();
    for (const name of this.queryNames) answers.set(name, toRows(name, renderJson(name)));
    const platform = enrollBody.host_details['os_version']?.['platform'] ?? '';
    const family: PlatformFamily = platform === 'darwin' ? 'darwin' : platform === 'windows' ? 'windows' : 'linux';
    const osqueryVersion = enrollBody.host_details['osquery_info']?.['version'] ?? '5.0.0';
    return { templateName: this.name, enrollBody, answers, platform, family, osqueryVersion };
  }
}
