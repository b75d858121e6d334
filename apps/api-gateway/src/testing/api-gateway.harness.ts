import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import type { Bus } from '@flotilla/platform-bus';
import { parseConfig, ServiceEnv, standaloneConfigSpec } from '@flotilla/platform-config';
import type { Role } from '@flotilla/domain';
import { Database, HostEntity } from '@flotilla/platform-db';
import { RunningServer, startServer } from '@flotilla/platform-server';
import { ApiGatewayModule } from '../api-gateway.module';
import { BOOTSTRAP_TOKEN_FILE, BootstrapTokenService } from '../auth/bootstrap-token.service';
import { generateApiToken, hashApiToken } from '../auth/api-token';
import { SessionsRepository } from '../auth/sessions.repository';
import { BuiltinLabelsService } from '../labels/builtin-labels.service';
import { API_GATEWAY_OWN_CONFIG } from '../config/api-gateway.config';
import { UsersRepository } from '../users/users.repository';
import { seedHost, type HostSeed } from './host-seed';

export type { HostSeed } from './host-seed';

let userSeq = 0;

/**
 * api-gateway alone in a standalone process (SQLite in a temp data dir, in-process bus, PORT 0),
 * for specs that drive it over HTTP. osquery-ingest is not started: specs stand in for it by
 * handling its bus requests themselves.
 */
export class ApiGatewayHarness {
  private logText = '';

  private constructor(
    readonly server: RunningServer,
    readonly dataDir: string,
    logs: PassThrough,
  ) {
    logs.on('data', (c: Buffer) => (this.logText += c.toString()));
  }

  static async start(env: Record<string, string> = {}): Promise<ApiGatewayHarness> {
    const dataDir = mkdtempSync(join(tmpdir(), 'flotilla-api-gateway-'));
    const logs = new PassThrough();
    const parsed = parseConfig(standaloneConfigSpec([API_GATEWAY_OWN_CONFIG]), { PORT: '0', HOST: '127.0.0.1', FLOTILLA_DATA_DIR: dataDir, LOG_LEVEL: 'info', ...env }) as ServiceEnv;
    const server = await startServer({ mode: 'standalone', services: ['api-gateway'], modules: [ApiGatewayModule], env: parsed, logDestination: logs });
    const harness = new ApiGatewayHarness(server, dataDir, logs);
    await harness.db.ready(10_000);
    await harness.bus.ready(5_000);
    await server.app.get(BootstrapTokenService).settled();
    await server.app.get(BuiltinLabelsService).settled();
    return harness;
  }

  get url(): string {
    return this.server.url;
  }

  get db(): Database {
    const db = this.server.ctx.deps.db;
    if (!db) throw new Error('api-gateway hosts a database');
    return db;
  }

  get bus(): Bus {
    const bus = this.server.ctx.deps.bus;
    if (!bus) throw new Error('api-gateway hosts a bus');
    return bus;
  }

  /** Everything logged so far (pino JSON lines). */
  get logs(): string {
    return this.logText;
  }

  /** The generated bootstrap token, read from <data dir>/bootstrap-api-token. */
  bootstrapTokenFromFile(): string {
    return readFileSync(this.bootstrapTokenFile, 'utf8').trim();
  }

  get bootstrapTokenFile(): string {
    return join(this.dataDir, BOOTSTRAP_TOKEN_FILE);
  }

  fetch(path: string, init: RequestInit & { token?: string } = {}): Promise<Response> {
    const { token, headers, ...rest } = init;
    const h = new Headers(headers);
    if (token !== undefined) h.set('authorization', `Bearer ${token}`);
    if (rest.body !== undefined && !h.has('content-type')) h.set('content-type', 'application/json');
    return fetch(`${this.url}${path}`, { ...rest, headers: h });
  }

  seedHost(seed: HostSeed): Promise<HostEntity> {
    return seedHost(this.db.manager, seed);
  }

  /**
   * A user with `roles` (a global role, or team roles) and a session token for it, written
   * straight to the tables (specs of features other than the users API use this).
   */
  async userWithToken(roles: { globalRole?: Role; teams?: Array<{ teamId: number; role: Role }> }, name = `user-${++userSeq}`): Promise<{ userId: number; token: string }> {
    const userId = await this.server.app.get(UsersRepository).insert({
      name,
      email: `${name}@example.com`,
      passwordHash: null,
      globalRole: roles.globalRole ?? null,
      teams: roles.teams ?? [],
      apiOnly: true,
      ssoEnabled: false,
      mfaEnabled: false,
      forcePasswordReset: false,
      position: '',
    });
    const token = generateApiToken();
    await this.server.app.get(SessionsRepository).insert({ tokenHash: hashApiToken(token), name: 'spec', apiOnly: true, userId });
    return { userId, token };
  }

  async clearHosts(): Promise<void> {
    await this.db.manager.clear(HostEntity);
  }

  async close(): Promise<void> {
    await this.server.close();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
