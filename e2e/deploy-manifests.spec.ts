// The deployment files (docker-compose.yml, deploy/k8s/, deploy/nginx/flotilla.conf) checked
// against the code they deploy: the ten services and their commands, each service's env keys
// (its config schema), ports (SERVICE_DEFAULT_PORTS), infrastructure (SERVICE_DEPENDENCIES),
// and the public routing table (EDGE_ROUTES / routeFor()). Parses files only; no Docker, no
// cluster. Each test collects every mismatch and fails listing them all.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { API_GATEWAY_CONFIG } from '@flotilla/app-api-gateway';
import { LIVE_QUERY_CONFIG } from '@flotilla/app-live-query';
import { LOG_SHIPPER_CONFIG } from '@flotilla/app-log-shipper';
import { MDM_ANDROID_CONFIG } from '@flotilla/app-mdm-android';
import { MDM_APPLE_CONFIG } from '@flotilla/app-mdm-apple';
import { MDM_WINDOWS_CONFIG } from '@flotilla/app-mdm-windows';
import { OSQUERY_INGEST_CONFIG } from '@flotilla/app-osquery-ingest';
import { SCEP_PROXY_CONFIG } from '@flotilla/app-scep-proxy';
import { VPP_SYNC_CONFIG } from '@flotilla/app-vpp-sync';
import { VULN_CONFIG } from '@flotilla/app-vuln';
import { DEFAULT_ROUTE_SERVICE, EDGE_ROUTES, routeFor } from '@flotilla/contracts';
import { DependencyKind, isServiceName, SERVICE_DEFAULT_PORTS, SERVICE_DEPENDENCIES, SERVICE_NAMES, ServiceName } from '@flotilla/domain';
import { ConfigError, ConfigSpec, configKeys, parseConfig } from '@flotilla/platform-config';

const ROOT = join(__dirname, '..');
const COMPOSE_FILE = 'docker-compose.yml';
const K8S_DIR = 'deploy/k8s';
const NGINX_FILE = 'deploy/nginx/flotilla.conf';
const MIGRATE_ENTRY = 'dist/libs/platform/db/src/cli/migrate.js';
const MIGRATE_SOURCE = 'libs/platform/db/src/cli/migrate.ts';

const CONFIGS: Readonly<Record<ServiceName, ConfigSpec>> = {
  'api-gateway': API_GATEWAY_CONFIG,
  'osquery-ingest': OSQUERY_INGEST_CONFIG,
  'live-query': LIVE_QUERY_CONFIG,
  'mdm-apple': MDM_APPLE_CONFIG,
  'mdm-windows': MDM_WINDOWS_CONFIG,
  'mdm-android': MDM_ANDROID_CONFIG,
  'scep-proxy': SCEP_PROXY_CONFIG,
  'vpp-sync': VPP_SYNC_CONFIG,
  vuln: VULN_CONFIG,
  'log-shipper': LOG_SHIPPER_CONFIG,
};

/** What a service that uses each kind of infrastructure must be given in distributed mode. */
const REQUIRED_ENV: Readonly<Record<DependencyKind, readonly string[]>> = {
  bus: ['NATS_URL'],
  db: ['MYSQL_URL'],
  cache: ['REDIS_URL'],
  storage: ['STORAGE_BACKEND', 'S3_ENDPOINT', 'S3_BUCKET'],
};

const serviceCommand = (svc: ServiceName): string[] => ['node', `dist/apps/${svc}/src/main.js`];

// ---- untyped YAML → narrow types ------------------------------------------------------------

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const obj = (v: unknown): Obj => (isObj(v) ? v : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const scalar = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
const strings = (v: unknown): string[] | undefined => {
  if (typeof v === 'string') return [v];
  if (!Array.isArray(v)) return undefined;
  const out = v.map(scalar);
  return out.every((s): s is string => s !== undefined) ? out : undefined;
};
const same = (a: readonly string[] | undefined, b: readonly string[]): boolean => a !== undefined && a.length === b.length && a.every((x, i) => x === b[i]);
const show = (v: unknown): string => JSON.stringify(v) ?? String(v);
const read = (file: string): string => readFileSync(join(ROOT, file), 'utf8');

/** Parses `env` with the service's own schema: proves every value is one the service accepts. */
function configProblems(where: string, svc: ServiceName, env: Readonly<Record<string, string>>): string[] {
  try {
    parseConfig(CONFIGS[svc], env);
    return [];
  } catch (err) {
    if (err instanceof ConfigError) return err.issues.map((i) => `${where}: ${i.key} is rejected by ${svc}'s config schema: ${i.message}`);
    throw err;
  }
}

/** Env checks shared by compose and Kubernetes: keys ⊆ schema, PORT, infrastructure given, values parse. */
function envProblems(where: string, svc: ServiceName, env: Readonly<Record<string, string>>): string[] {
  const problems: string[] = [];
  const keys = new Set(configKeys(CONFIGS[svc]));
  for (const name of Object.keys(env)) {
    if (!keys.has(name)) problems.push(`${where}: env ${name} is not read by ${svc} (its config schema has: ${[...keys].join(', ')})`);
  }
  const port = SERVICE_DEFAULT_PORTS[svc];
  if (env['PORT'] !== String(port)) problems.push(`${where}: env PORT is ${show(env['PORT'])}, expected ${port} (SERVICE_DEFAULT_PORTS)`);
  for (const dep of SERVICE_DEPENDENCIES[svc]) {
    for (const key of REQUIRED_ENV[dep]) {
      if (!env[key]) problems.push(`${where}: ${svc} uses ${dep} but is not given ${key}`);
    }
  }
  if (SERVICE_DEPENDENCIES[svc].includes('storage') && env['STORAGE_BACKEND'] !== undefined && env['STORAGE_BACKEND'] !== 's3') {
    problems.push(`${where}: STORAGE_BACKEND is ${show(env['STORAGE_BACKEND'])}; separate processes must share objects through s3`);
  }
  return [...problems, ...configProblems(where, svc, env)];
}

// ---- docker-compose.yml ---------------------------------------------------------------------

/** Compose variable interpolation with every variable unset: `${X:-d}`/`${X-d}` → d, `${X}`/`$X` → '', `$$` → `$`. */
function interpolate(value: string): string {
  return value.replace(/\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (match, _name, fallback: string | undefined) =>
    match === '$$' ? '$' : (fallback ?? ''),
  );
}

function composeEnv(service: Obj): Record<string, string> {
  const raw = service['environment'];
  const env: Record<string, string> = {};
  if (Array.isArray(raw)) {
    for (const entry of raw) {
      const text = scalar(entry) ?? '';
      const eq = text.indexOf('=');
      env[eq === -1 ? text : text.slice(0, eq)] = eq === -1 ? '' : interpolate(text.slice(eq + 1));
    }
  } else {
    for (const [k, v] of Object.entries(obj(raw))) env[k] = interpolate(scalar(v) ?? '');
  }
  return env;
}

const composeCommand = (service: Obj): string[] | undefined => {
  const cmd = service['command'];
  return typeof cmd === 'string' ? cmd.trim().split(/\s+/) : strings(cmd);
};

/** A compose service "claims to be Flotilla" when it runs the Flotilla image or a compiled entry point. */
const runsFlotilla = (service: Obj): boolean =>
  service['build'] !== undefined || (scalar(service['image']) ?? '').startsWith('flotilla') || (composeCommand(service) ?? []).some((a) => a.startsWith('dist/'));

function dependsOn(service: Obj): Map<string, string> {
  const deps = new Map<string, string>();
  const raw = service['depends_on'];
  if (Array.isArray(raw)) for (const d of raw) deps.set(scalar(d) ?? '', 'service_started');
  else for (const [name, spec] of Object.entries(obj(raw))) deps.set(name, scalar(obj(spec)['condition']) ?? 'service_started');
  return deps;
}

/** Container-side port of a compose `ports` entry ("8080", "127.0.0.1:8080:8080", "8080:8080/tcp", or long form). */
function containerPort(entry: unknown): number {
  if (isObj(entry)) return Number(entry['target']);
  const text = interpolate(scalar(entry) ?? '').replace(/\/(tcp|udp)$/, '');
  return Number(text.split(':').pop());
}

function loadCompose(): Obj {
  return obj(parse(read(COMPOSE_FILE), { merge: true }));
}

// ---- deploy/k8s -----------------------------------------------------------------------------

interface K8sObject {
  file: string;
  kind: string;
  name: string;
  body: Obj;
}

function yamlFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const path = `${dir}/${e.name}`;
    if (e.isDirectory()) return yamlFiles(path);
    return /\.ya?ml$/.test(e.name) ? [path] : [];
  });
}

function loadK8s(): { objects: K8sObject[]; problems: string[] } {
  const objects: K8sObject[] = [];
  const problems: string[] = [];
  for (const file of yamlFiles(K8S_DIR)) {
    for (const doc of parseAllDocuments(read(file))) {
      if (doc.errors.length > 0) {
        problems.push(`${file}: YAML error: ${doc.errors.map((e) => e.message).join('; ')}`);
        continue;
      }
      const body: unknown = doc.toJS();
      if (body === null || body === undefined) continue;
      if (!isObj(body)) {
        problems.push(`${file}: a document is not a mapping`);
        continue;
      }
      const kind = scalar(body['kind']) ?? '';
      const name = scalar(obj(body['metadata'])['name']) ?? '';
      if (!kind) problems.push(`${file}: a document has no kind`);
      else if (kind !== 'Kustomization' && !name) problems.push(`${file}: a ${kind} has no metadata.name`);
      objects.push({ file, kind, name, body });
    }
  }
  return { objects, problems };
}

/** The pod spec of any workload kind, or undefined. */
function podSpec(o: K8sObject): Obj | undefined {
  const spec = obj(o.body['spec']);
  switch (o.kind) {
    case 'Pod':
      return spec;
    case 'Deployment':
    case 'StatefulSet':
    case 'DaemonSet':
    case 'ReplicaSet':
    case 'Job':
      return obj(obj(spec['template'])['spec']);
    case 'CronJob':
      return obj(obj(obj(obj(spec['jobTemplate'])['spec'])['template'])['spec']);
    default:
      return undefined;
  }
}

const containersOf = (pod: Obj): Obj[] => [...arr(pod['initContainers']), ...arr(pod['containers'])].map(obj);
const fullCommand = (c: Obj): string[] => [...(strings(c['command']) ?? []), ...(strings(c['args']) ?? [])];

/** Key → value of every ConfigMap and Secret, by name. */
function keyStores(objects: readonly K8sObject[]): { configMaps: Map<string, Map<string, string>>; secrets: Map<string, Map<string, string>> } {
  const configMaps = new Map<string, Map<string, string>>();
  const secrets = new Map<string, Map<string, string>>();
  for (const o of objects) {
    if (o.kind === 'ConfigMap') {
      configMaps.set(o.name, new Map(Object.entries(obj(o.body['data'])).map(([k, v]) => [k, scalar(v) ?? ''])));
    } else if (o.kind === 'Secret') {
      const data = Object.entries(obj(o.body['data'])).map(([k, v]): [string, string] => [k, Buffer.from(scalar(v) ?? '', 'base64').toString('utf8')]);
      const stringData = Object.entries(obj(o.body['stringData'])).map(([k, v]): [string, string] => [k, scalar(v) ?? '']);
      secrets.set(o.name, new Map([...data, ...stringData]));
    }
  }
  return { configMaps, secrets };
}

/** A container's env resolved to values, with a problem for every reference that does not resolve. */
function containerEnv(where: string, c: Obj, stores: ReturnType<typeof keyStores>): { env: Record<string, string>; problems: string[] } {
  const env: Record<string, string> = {};
  const problems: string[] = [];
  if (c['envFrom'] !== undefined) problems.push(`${where}: envFrom is not allowed (it hands the service keys its schema does not have); list each env var`);
  for (const entry of arr(c['env']).map(obj)) {
    const name = scalar(entry['name']) ?? '';
    if (name in env) problems.push(`${where}: env ${name} is listed twice`);
    const from = obj(entry['valueFrom']);
    if (entry['value'] !== undefined) {
      env[name] = scalar(entry['value']) ?? '';
      if (typeof entry['value'] !== 'string') problems.push(`${where}: env ${name} value must be a string (quote it)`);
    } else if (from['configMapKeyRef'] !== undefined || from['secretKeyRef'] !== undefined) {
      const isSecret = from['secretKeyRef'] !== undefined;
      const ref = obj(isSecret ? from['secretKeyRef'] : from['configMapKeyRef']);
      const store = (isSecret ? stores.secrets : stores.configMaps).get(scalar(ref['name']) ?? '');
      const kind = isSecret ? 'Secret' : 'ConfigMap';
      const value = store?.get(scalar(ref['key']) ?? '');
      if (store === undefined) problems.push(`${where}: env ${name} refers to ${kind} ${show(ref['name'])}, which is not in ${K8S_DIR}`);
      else if (value === undefined) problems.push(`${where}: env ${name} refers to key ${show(ref['key'])} missing from ${kind} ${show(ref['name'])}`);
      env[name] = value ?? '';
    } else {
      problems.push(`${where}: env ${name} has neither value nor configMapKeyRef/secretKeyRef`);
    }
  }
  return { env, problems };
}

/** A probe's or Service's port: a number, or the name of one of the container's ports. */
function resolvePort(port: unknown, containers: readonly Obj[]): number | undefined {
  if (typeof port === 'number') return port;
  if (typeof port === 'string' && /^\d+$/.test(port)) return Number(port);
  for (const c of containers) {
    for (const p of arr(c['ports']).map(obj)) if (p['name'] === port) return Number(p['containerPort']);
  }
  return undefined;
}

const labelsMatch = (selector: Obj, labels: Obj): boolean => Object.keys(selector).length > 0 && Object.entries(selector).every(([k, v]) => labels[k] === v);

// ---- routing semantics ----------------------------------------------------------------------

const EDGE_PREFIXES = EDGE_ROUTES.map((r) => r.prefix);

/** Paths that exercise every route: each prefix, below it, beside it, without its slash, plus unrouted paths. */
const PROBE_PATHS: readonly string[] = [
  ...new Set([
    ...EDGE_PREFIXES.flatMap((p) => [p, `${p}x`, p.endsWith('/') ? `${p}a/b` : `${p}/a/b`, p.replace(/\/$/, ''), `${p}?q=1`]),
    '/',
    '/healthz',
    '/metrics',
    '/api/latest/fleet/hosts',
    '/api/v1/fleet/hosts?page=2',
    '/api/mdm',
    '/mdm/apple',
    '/mdm',
    '/device/abc',
  ]),
];

/** Paths whose element-wise (Kubernetes `Prefix`) and string-prefix matches must agree. */
const SEGMENT_PROBE_PATHS: readonly string[] = [
  ...EDGE_PREFIXES.flatMap((p) => [p, p.endsWith('/') ? `${p}a/b` : `${p}/a/b`]),
  '/',
  '/healthz',
  '/api/latest/fleet/hosts',
  '/mdm/apple',
];

interface NginxLocation {
  modifier: '' | '=' | '^~' | '~' | '~*';
  path: string;
  proxyPass: string[];
}

interface NginxConf {
  upstreams: Map<string, string[]>;
  locations: NginxLocation[];
  text: string;
}

function loadNginx(): NginxConf {
  const text = read(NGINX_FILE).replace(/#[^\n]*/g, '');
  const upstreams = new Map<string, string[]>();
  for (const m of text.matchAll(/\bupstream\s+(\S+)\s*\{([^}]*)\}/g)) {
    upstreams.set(m[1] ?? '', [...(m[2] ?? '').matchAll(/(?:^|[;{\s])server\s+([^\s;]+)/g)].map((s) => s[1] ?? ''));
  }
  const locations: NginxLocation[] = [];
  for (const m of text.matchAll(/\blocation\s+(?:(=|\^~|~\*|~)\s*)?([^\s{]+)\s*\{([^}]*)\}/g)) {
    const modifier = (m[1] ?? '') as NginxLocation['modifier'];
    locations.push({ modifier, path: m[2] ?? '', proxyPass: [...(m[3] ?? '').matchAll(/\bproxy_pass\s+([^\s;]+)\s*;/g)].map((p) => p[1] ?? '') });
  }
  return { upstreams, locations, text };
}

/**
 * nginx location selection without regex locations: an exact match, else the longest prefix —
 * except that a path equal to a proxied prefix location minus its trailing "/" gets a 301 redirect.
 */
function nginxMatch(locations: readonly NginxLocation[], url: string): NginxLocation | 'redirect (301)' | undefined {
  const path = url.split('?')[0] ?? url;
  const exact = locations.find((l) => l.modifier === '=' && l.path === path);
  if (exact) return exact;
  if (locations.some((l) => l.modifier !== '=' && l.path === `${path}/` && l.proxyPass.length > 0)) return 'redirect (301)';
  return locations
    .filter((l) => (l.modifier === '' || l.modifier === '^~') && path.startsWith(l.path))
    .sort((a, b) => b.path.length - a.path.length)[0];
}

/** Kubernetes `pathType: Prefix`: element-wise prefix match, longest path wins. */
function ingressMatch<T extends { path: string }>(paths: readonly T[], url: string): T | undefined {
  const elements = (p: string): string[] => p.split('/').filter(Boolean);
  const req = elements(url.split('?')[0] ?? url);
  return paths
    .filter((p) => elements(p.path).every((e, i) => req[i] === e))
    .sort((a, b) => b.path.length - a.path.length)[0];
}

// ---- the checks ---------------------------------------------------------------------------

describe('deployment manifests', () => {
  const compose = loadCompose();
  const composeServices = obj(compose['services']);
  const k8s = loadK8s();
  const stores = keyStores(k8s.objects);
  const ofKind = (kind: string): K8sObject[] => k8s.objects.filter((o) => o.kind === kind);

  it('every service has its entry point source', () => {
    const missing = SERVICE_NAMES.filter((svc) => !existsSync(join(ROOT, `apps/${svc}/src/main.ts`)));
    expect(missing).toEqual([]);
  });

  describe('docker-compose.yml', () => {
    it('runs exactly the ten services from the Flotilla image, each with its own entry point', () => {
      const problems: string[] = [];
      for (const svc of SERVICE_NAMES) {
        const s = composeServices[svc];
        if (!isObj(s)) {
          problems.push(`${COMPOSE_FILE}: service ${svc} is missing`);
          continue;
        }
        if (s['image'] !== 'flotilla:latest') problems.push(`${COMPOSE_FILE}: ${svc} image is ${show(s['image'])}, expected flotilla:latest`);
        const build = s['build'];
        if (build !== '.' && obj(build)['context'] !== '.') problems.push(`${COMPOSE_FILE}: ${svc} must build the image from "." (got ${show(build)})`);
        const cmd = composeCommand(s);
        if (!same(cmd, serviceCommand(svc))) problems.push(`${COMPOSE_FILE}: ${svc} command is ${show(cmd)}, expected ${show(serviceCommand(svc))}`);
      }
      for (const [name, s] of Object.entries(composeServices)) {
        if (isServiceName(name) || !runsFlotilla(obj(s))) continue;
        const cmd = composeCommand(obj(s)) ?? [];
        if (!cmd.includes(MIGRATE_ENTRY)) problems.push(`${COMPOSE_FILE}: "${name}" runs Flotilla (${show(cmd)}) but is not one of the ten services nor the migrate job`);
      }
      expect(problems).toEqual([]);
    });

    it('gives each service only keys of its config schema, its default port, and its infrastructure', () => {
      const problems: string[] = [];
      for (const svc of SERVICE_NAMES) {
        const s = obj(composeServices[svc]);
        const where = `${COMPOSE_FILE} ${svc}`;
        problems.push(...envProblems(where, svc, composeEnv(s)));

        const port = SERVICE_DEFAULT_PORTS[svc];
        const probe = (strings(obj(s['healthcheck'])['test']) ?? []).join(' ');
        const probed = [...probe.matchAll(/https?:\/\/[^/:'"\s]+:(\d+)\/healthz/g)].map((m) => Number(m[1]));
        if (probed.length === 0) problems.push(`${where}: healthcheck does not probe /healthz on a port (${show(probe)})`);
        for (const p of probed) if (p !== port) problems.push(`${where}: healthcheck probes port ${p}, expected ${port}`);
        for (const p of [...arr(s['ports']).map(containerPort), ...arr(s['expose']).map((e) => Number(scalar(e)))]) {
          if (p !== port) problems.push(`${where}: exposes container port ${p}, expected ${port}`);
        }

        const deps = dependsOn(s);
        for (const dep of deps.keys()) if (!(dep in composeServices)) problems.push(`${where}: depends_on unknown service "${dep}"`);
        if (SERVICE_DEPENDENCIES[svc].includes('db')) {
          const migrate = Object.entries(composeServices).find(([, m]) => (composeCommand(obj(m)) ?? []).includes(MIGRATE_ENTRY))?.[0];
          if (!migrate || deps.get(migrate) !== 'service_completed_successfully') {
            problems.push(`${where}: uses the database, so it must depend on the migrate service with condition service_completed_successfully`);
          }
        }
      }
      expect(problems).toEqual([]);
    });

    it('runs migrations once, in distributed mode, against the database the services use', () => {
      const problems: string[] = [];
      const migrates = Object.entries(composeServices).filter(([, s]) => (composeCommand(obj(s)) ?? []).includes(MIGRATE_ENTRY));
      if (migrates.length !== 1) problems.push(`${COMPOSE_FILE}: expected one service running ${MIGRATE_ENTRY}, found ${migrates.length}`);
      for (const [name, s] of migrates) {
        const env = composeEnv(obj(s));
        if (!same(composeCommand(obj(s)), ['node', MIGRATE_ENTRY])) problems.push(`${COMPOSE_FILE} ${name}: command must be ["node", "${MIGRATE_ENTRY}"]`);
        if (env['FLOTILLA_MODE'] !== 'distributed') problems.push(`${COMPOSE_FILE} ${name}: FLOTILLA_MODE is ${show(env['FLOTILLA_MODE'])}, expected distributed`);
        for (const svc of SERVICE_NAMES.filter((x) => SERVICE_DEPENDENCIES[x].includes('db'))) {
          const url = composeEnv(obj(composeServices[svc]))['MYSQL_URL'];
          if (url !== env['MYSQL_URL']) problems.push(`${COMPOSE_FILE} ${name}: migrates ${show(env['MYSQL_URL'])} but ${svc} uses ${show(url)}`);
        }
      }
      if (!existsSync(join(ROOT, MIGRATE_SOURCE))) problems.push(`${MIGRATE_SOURCE} (source of ${MIGRATE_ENTRY}) does not exist`);
      expect(problems).toEqual([]);
    });

    it('publishes the proxy with deploy/nginx/flotilla.conf on the port nginx listens on', () => {
      const problems: string[] = [];
      const proxies = Object.entries(composeServices).filter(([, s]) =>
        arr(obj(s)['volumes']).some((v) => (scalar(v) ?? scalar(obj(v)['source']) ?? '').replace(/^\.\//, '').startsWith(NGINX_FILE)),
      );
      if (proxies.length !== 1) problems.push(`${COMPOSE_FILE}: expected one service mounting ${NGINX_FILE}, found ${proxies.length}`);
      const listens = [...loadNginx().text.matchAll(/\blisten\s+(?:\[::\]:)?(\d+)/g)].map((m) => Number(m[1]));
      for (const [name, s] of proxies) {
        const published = arr(obj(s)['ports']).map(containerPort);
        if (published.length === 0) problems.push(`${COMPOSE_FILE} ${name}: publishes no port`);
        for (const p of published) if (!listens.includes(p)) problems.push(`${COMPOSE_FILE} ${name}: publishes container port ${p} but nginx listens on ${show(listens)}`);
      }
      expect(problems).toEqual([]);
    });
  });

  describe('deploy/k8s', () => {
    it('parses, and kustomization.yaml lists every manifest in the flotilla namespace', () => {
      const problems = [...k8s.problems];
      const kustomizations = ofKind('Kustomization');
      const kustomization = kustomizations[0];
      if (kustomizations.length !== 1 || !kustomization) problems.push(`${K8S_DIR}: expected one kustomization.yaml, found ${kustomizations.length}`);
      else {
        if (kustomization.body['namespace'] !== 'flotilla') problems.push(`${kustomization.file}: namespace must be flotilla`);
        const listed = (strings(kustomization.body['resources']) ?? []).map((r) => `${K8S_DIR}/${r}`).sort();
        const files = yamlFiles(K8S_DIR)
          .filter((f) => f !== kustomization.file)
          .sort();
        for (const f of files) if (!listed.includes(f)) problems.push(`${kustomization.file}: ${relative(K8S_DIR, f)} is not listed in resources`);
        for (const f of listed) if (!files.includes(f)) problems.push(`${kustomization.file}: resource ${relative(K8S_DIR, f)} does not exist`);
      }
      if (!ofKind('Namespace').some((o) => o.name === 'flotilla')) problems.push(`${K8S_DIR}: no Namespace flotilla`);
      for (const o of k8s.objects) {
        if (o.kind === 'Kustomization' || o.kind === 'Namespace') continue;
        const ns = obj(o.body['metadata'])['namespace'];
        if (ns !== 'flotilla') problems.push(`${o.file}: ${o.kind} ${o.name} is in namespace ${show(ns)}, expected flotilla`);
      }
      expect(problems).toEqual([]);
    });

    it('has a Deployment and a Service for exactly the ten services, and nothing else runs a service', () => {
      const problems: string[] = [];
      for (const kind of ['Deployment', 'Service']) {
        const names = ofKind(kind).map((o) => o.name);
        for (const svc of SERVICE_NAMES) {
          const count = names.filter((n) => n === svc).length;
          if (count !== 1) problems.push(`${K8S_DIR}: expected one ${kind} ${svc}, found ${count}`);
        }
        for (const n of names) if (!isServiceName(n)) problems.push(`${K8S_DIR}: ${kind} ${n} is not a Flotilla service (SERVICE_NAMES)`);
      }
      for (const o of k8s.objects) {
        const pod = podSpec(o);
        if (!pod) continue;
        for (const c of containersOf(pod)) {
          const cmd = fullCommand(c);
          const app = cmd.map((a) => /^dist\/apps\/([^/]+)\//.exec(a)?.[1]).find(Boolean);
          if (app !== undefined && !(o.kind === 'Deployment' && o.name === app)) problems.push(`${o.file}: ${o.kind} ${o.name} runs ${app} (${show(cmd)}); only Deployment ${app} may`);
          if (app === undefined && !cmd.includes(MIGRATE_ENTRY)) problems.push(`${o.file}: ${o.kind} ${o.name} container ${show(c['name'])} runs neither a service nor the migrate CLI: ${show(cmd)}`);
        }
      }
      expect(problems).toEqual([]);
    });

    it('gives each Deployment its command, schema keys only (resolvable refs), default port and /healthz probes', () => {
      const problems: string[] = [];
      for (const d of ofKind('Deployment').filter((o) => isServiceName(o.name))) {
        const svc = d.name as ServiceName;
        const port = SERVICE_DEFAULT_PORTS[svc];
        const where = `${d.file} Deployment ${svc}`;
        const spec = obj(d.body['spec']);
        const template = obj(spec['template']);
        const pod = obj(template['spec']);
        const containers = containersOf(pod);
        const c = containers[0];
        if (containers.length !== 1 || !c) {
          problems.push(`${where}: expected one container, found ${containers.length}`);
          continue;
        }
        if (!same(strings(c['command']), serviceCommand(svc)) || c['args'] !== undefined) {
          problems.push(`${where}: command is ${show(fullCommand(c))}, expected ${show(serviceCommand(svc))}`);
        }
        const resolved = containerEnv(where, c, stores);
        problems.push(...resolved.problems, ...envProblems(where, svc, resolved.env));
        const ports = arr(c['ports']).map((p) => Number(obj(p)['containerPort']));
        if (ports.length === 0) problems.push(`${where}: declares no containerPort`);
        for (const p of ports) if (p !== port) problems.push(`${where}: containerPort ${p}, expected ${port}`);
        for (const probe of ['readinessProbe', 'livenessProbe']) {
          const http = obj(obj(c[probe])['httpGet']);
          if (http['path'] !== '/healthz') problems.push(`${where}: ${probe} must be an httpGet on /healthz (got ${show(c[probe])})`);
          const p = resolvePort(http['port'], containers);
          if (p !== port) problems.push(`${where}: ${probe} port ${show(http['port'])} resolves to ${show(p)}, expected ${port}`);
        }
        if (!labelsMatch(obj(obj(spec['selector'])['matchLabels']), obj(obj(template['metadata'])['labels']))) {
          problems.push(`${where}: selector.matchLabels does not match the pod template labels`);
        }
        const replicas = spec['replicas'] ?? 1;
        if (typeof replicas !== 'number' || replicas < 1) problems.push(`${where}: replicas must be at least 1 (got ${show(replicas)})`);
      }
      expect(problems).toEqual([]);
    });

    it('gives each Service the default port of its service and selects that Deployment', () => {
      const problems: string[] = [];
      for (const s of ofKind('Service').filter((o) => isServiceName(o.name))) {
        const svc = s.name as ServiceName;
        const port = SERVICE_DEFAULT_PORTS[svc];
        const where = `${s.file} Service ${svc}`;
        const spec = obj(s.body['spec']);
        const deployment = ofKind('Deployment').find((o) => o.name === svc);
        const template = obj(obj(deployment?.body['spec'])['template']);
        if (!labelsMatch(obj(spec['selector']), obj(obj(template['metadata'])['labels']))) problems.push(`${where}: selector does not match Deployment ${svc}'s pod labels`);
        const ports = arr(spec['ports']).map(obj);
        if (ports.length === 0) problems.push(`${where}: declares no port`);
        for (const p of ports) {
          if (p['port'] !== port) problems.push(`${where}: port ${show(p['port'])}, expected ${port}`);
          const target = resolvePort(p['targetPort'] ?? p['port'], containersOf(obj(template['spec'])));
          if (target !== port) problems.push(`${where}: targetPort ${show(p['targetPort'])} resolves to ${show(target)}, expected ${port}`);
        }
      }
      expect(problems).toEqual([]);
    });

    it('has a migrate Job running the migrate CLI in distributed mode with MYSQL_URL', () => {
      const problems: string[] = [];
      const runs = k8s.objects.flatMap((o) => {
        const pod = podSpec(o);
        return pod ? containersOf(pod).filter((c) => fullCommand(c).includes(MIGRATE_ENTRY)).map((c) => ({ o, c })) : [];
      });
      if (runs.length !== 1) problems.push(`${K8S_DIR}: expected one container running ${MIGRATE_ENTRY}, found ${runs.length}`);
      for (const { o, c } of runs) {
        const where = `${o.file} ${o.kind} ${o.name}`;
        if (o.kind !== 'Job') problems.push(`${where}: migrations must run as a Job`);
        if (!same(fullCommand(c), ['node', MIGRATE_ENTRY])) problems.push(`${where}: command is ${show(fullCommand(c))}`);
        const { env, problems: refs } = containerEnv(where, c, stores);
        problems.push(...refs);
        if (env['FLOTILLA_MODE'] !== 'distributed') problems.push(`${where}: FLOTILLA_MODE is ${show(env['FLOTILLA_MODE'])}, expected distributed`);
        if (!env['MYSQL_URL']) problems.push(`${where}: MYSQL_URL is not set`);
      }
      expect(problems).toEqual([]);
    });
  });

  describe('routing', () => {
    it('EDGE_ROUTES has distinct prefixes (the checks below compare sets)', () => {
      expect(new Set(EDGE_PREFIXES).size).toBe(EDGE_PREFIXES.length);
    });

    it('nginx: one upstream per service at <service>:<default port>', () => {
      const problems: string[] = [];
      const { upstreams } = loadNginx();
      for (const svc of SERVICE_NAMES) if (!upstreams.has(svc)) problems.push(`${NGINX_FILE}: no upstream ${svc}`);
      for (const [name, servers] of upstreams) {
        if (!isServiceName(name)) {
          problems.push(`${NGINX_FILE}: upstream ${name} is not a Flotilla service`);
          continue;
        }
        const want = `${name}:${SERVICE_DEFAULT_PORTS[name]}`;
        if (servers.length === 0 || servers.some((s) => s !== want)) problems.push(`${NGINX_FILE}: upstream ${name} servers ${show(servers)}, expected ${want}`);
      }
      expect(problems).toEqual([]);
    });

    it('nginx: a prefix location per EDGE_ROUTES entry plus /, each proxied to its owner; routes like routeFor()', () => {
      const problems: string[] = [];
      const { upstreams, locations, text } = loadNginx();
      const serviceOf = (l: NginxLocation): string | undefined => {
        const target = l.proxyPass[0];
        const m = target === undefined ? null : /^https?:\/\/([^/\s]+)$/.exec(target);
        const host = m?.[1];
        // The upstream's service is the host its server points at (checked against its name above).
        return host === undefined ? undefined : (upstreams.get(host)?.[0]?.split(':')[0] ?? host.split(':')[0]);
      };
      for (const l of locations) {
        if (l.modifier === '~' || l.modifier === '~*') problems.push(`${NGINX_FILE}: regex location ${l.path} would override longest-prefix routing`);
        if (l.proxyPass.length !== 1) problems.push(`${NGINX_FILE}: location ${l.modifier} ${l.path} must have exactly one proxy_pass`);
        else if (!/^https?:\/\/[^/\s]+$/.test(l.proxyPass[0] ?? '')) problems.push(`${NGINX_FILE}: location ${l.path} proxy_pass ${show(l.proxyPass[0])} must name an upstream without a URI (the path is passed unchanged)`);
        else if (!upstreams.has((l.proxyPass[0] ?? '').replace(/^https?:\/\//, ''))) problems.push(`${NGINX_FILE}: location ${l.path} proxies to ${show(l.proxyPass[0])}, not a defined upstream`);
        if (l.modifier === '=' && serviceOf(l) !== routeFor(l.path)) problems.push(`${NGINX_FILE}: location = ${l.path} → ${show(serviceOf(l))}, routeFor says ${routeFor(l.path)}`);
      }
      const prefixes = locations.filter((l) => l.modifier === '' || l.modifier === '^~');
      const expected = new Map<string, string>([...EDGE_ROUTES.map((r): [string, string] => [r.prefix, r.service]), ['/', DEFAULT_ROUTE_SERVICE]]);
      for (const [prefix, svc] of expected) {
        const found = prefixes.filter((l) => l.path === prefix);
        if (found.length !== 1) problems.push(`${NGINX_FILE}: expected one prefix location ${prefix}, found ${found.length}`);
        for (const l of found) if (serviceOf(l) !== svc) problems.push(`${NGINX_FILE}: location ${prefix} → ${show(serviceOf(l))}, EDGE_ROUTES says ${svc}`);
      }
      for (const l of prefixes) if (!expected.has(l.path)) problems.push(`${NGINX_FILE}: location ${l.path} is not in EDGE_ROUTES`);
      for (const url of PROBE_PATHS) {
        const l = nginxMatch(locations, url);
        const got = typeof l === 'string' ? l : l ? serviceOf(l) : undefined;
        if (got !== routeFor(url)) problems.push(`${NGINX_FILE}: ${url} → ${show(got)}, routeFor says ${routeFor(url)}`);
      }
      for (const header of ['Upgrade', 'Connection', 'X-Request-Id', 'X-Forwarded-For', 'X-Forwarded-Proto']) {
        if (!new RegExp(`\\bproxy_set_header\\s+${header}\\s`, 'i').test(text)) problems.push(`${NGINX_FILE}: does not pass ${header}`);
      }
      if (!/\bclient_max_body_size\s+(0|\d+[mMgG])\s*;/.test(text)) problems.push(`${NGINX_FILE}: client_max_body_size must be set (0 or a size in m/g)`);
      expect(problems).toEqual([]);
    });

    it('Ingress: a Prefix path per EDGE_ROUTES entry plus /, each to its owner on its default port; routes like routeFor()', () => {
      const problems: string[] = [];
      const ingresses = ofKind('Ingress');
      if (ingresses.length !== 1) problems.push(`${K8S_DIR}: expected one Ingress, found ${ingresses.length}`);
      const paths = ingresses.flatMap((ing) => {
        if (ing.body['apiVersion'] !== 'networking.k8s.io/v1') problems.push(`${ing.file}: apiVersion must be networking.k8s.io/v1`);
        if (obj(ing.body['spec'])['ingressClassName'] !== 'nginx') problems.push(`${ing.file}: ingressClassName must be nginx`);
        return arr(obj(ing.body['spec'])['rules']).flatMap((rule) =>
          arr(obj(obj(rule)['http'])['paths']).map((raw) => {
            const p = obj(raw);
            const backend = obj(obj(p['backend'])['service']);
            return { file: ing.file, path: scalar(p['path']) ?? '', pathType: p['pathType'], service: scalar(backend['name']) ?? '', port: obj(backend['port']) };
          }),
        );
      });
      const expected = new Map<string, string>([...EDGE_ROUTES.map((r): [string, string] => [r.prefix, r.service]), ['/', DEFAULT_ROUTE_SERVICE]]);
      for (const p of paths) {
        const where = `${p.file} path ${p.path}`;
        if (p.pathType !== 'Prefix') problems.push(`${where}: pathType ${show(p.pathType)}, expected Prefix`);
        const want = expected.get(p.path);
        if (want === undefined) problems.push(`${where}: not in EDGE_ROUTES`);
        else if (p.service !== want) problems.push(`${where}: backend ${p.service}, EDGE_ROUTES says ${want}`);
        if (!isServiceName(p.service)) {
          problems.push(`${where}: backend ${show(p.service)} is not a Flotilla service`);
          continue;
        }
        const svcObj = ofKind('Service').find((s) => s.name === p.service);
        const named = arr(obj(svcObj?.body['spec'])['ports']).map(obj).find((sp) => sp['name'] === p.port['name']);
        const port = p.port['number'] ?? named?.['port'];
        if (port !== SERVICE_DEFAULT_PORTS[p.service]) problems.push(`${where}: backend port ${show(p.port)}, expected ${SERVICE_DEFAULT_PORTS[p.service]}`);
      }
      for (const prefix of expected.keys()) {
        const count = paths.filter((p) => p.path === prefix).length;
        if (count !== 1) problems.push(`${K8S_DIR}: expected one Ingress path ${prefix}, found ${count}`);
      }
      // Kubernetes Prefix matches whole path elements (/mdm/apple/mdm does not match /mdm/apple/mdmx),
      // routeFor() matches strings; they agree on every path at or below a prefix, which is checked here.
      for (const url of SEGMENT_PROBE_PATHS) {
        const got = ingressMatch(paths, url)?.service;
        if (got !== routeFor(url)) problems.push(`Ingress: ${url} → ${show(got)}, routeFor says ${routeFor(url)}`);
      }
      expect(problems).toEqual([]);
    });
  });

  it('Dockerfile runs the standalone server as user node by default', () => {
    const dockerfile = read('Dockerfile');
    const problems: string[] = [];
    const cmd = /^CMD\s+(\[.*\])\s*$/m.exec(dockerfile)?.[1];
    const parsed: unknown = cmd === undefined ? undefined : JSON.parse(cmd);
    if (!same(strings(parsed), ['node', 'dist/apps/standalone/src/main.js'])) problems.push(`Dockerfile: CMD is ${show(cmd)}`);
    if (!existsSync(join(ROOT, 'apps/standalone/src/main.ts'))) problems.push('apps/standalone/src/main.ts does not exist');
    if (!/^USER\s+node\s*$/m.test(dockerfile)) problems.push('Dockerfile: the runtime stage must run as USER node');
    if (!/^HEALTHCHECK\b.*\/healthz/ms.test(dockerfile)) problems.push('Dockerfile: no HEALTHCHECK on /healthz');
    expect(problems).toEqual([]);
  });
});
