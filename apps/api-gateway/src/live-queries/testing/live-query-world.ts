import type { Role } from '@flotilla/domain';
import { LabelEntity, LabelMembershipEntity } from '@flotilla/platform-db';
import { insertTeam } from '../../policies/testing/policies-api';
import { ApiGatewayHarness } from '../../testing/api-gateway.harness';
import { LiveQueryStub } from './live-query-stub';

export const LATEST = '/api/latest/fleet';
export const V1 = '/api/v1/fleet';

const DAY = 86_400_000;

export interface Reply<T = Record<string, unknown>> {
  status: number;
  body: T & { errors?: Array<{ name: string; reason: string }>; message?: string };
}

/** The seeded hosts: `a1` online (team A, darwin), `a2` offline (A, ubuntu), `b1` online (B, darwin), `n1` missing for 40 days (no team, windows), `new1` enrolled an hour ago (no team, darwin, online). */
export type HostName = 'a1' | 'a2' | 'b1' | 'n1' | 'new1';

/**
 * api-gateway with live-query and osquery-ingest stood in for (LiveQueryStub), two teams, five
 * hosts in known states, a manual label and a helper to make users of any role.
 */
export class LiveQueryWorld {
  readonly hosts = {} as Record<HostName, { id: number; hostname: string }>;
  teamA = 0;
  teamB = 0;
  /** A manual label holding a2 and b1. */
  manualLabel = 0;

  private constructor(
    readonly gw: ApiGatewayHarness,
    readonly admin: string,
    public stub: LiveQueryStub,
  ) {}

  static async start(env: Record<string, string> = {}): Promise<LiveQueryWorld> {
    const gw = await ApiGatewayHarness.start(env);
    const world = new LiveQueryWorld(gw, gw.bootstrapTokenFromFile(), await LiveQueryStub.install(gw));
    await world.seed();
    return world;
  }

  /** Takes the live-query stand-in away (as if live-query were down) for the duration of `fn`. */
  async withoutLiveQuery(fn: () => Promise<void>): Promise<void> {
    await this.stub.uninstall();
    try {
      await fn();
    } finally {
      this.stub = await LiveQueryStub.install(this.gw);
    }
  }

  async close(): Promise<void> {
    await this.stub.uninstall();
    await this.gw.close();
  }

  async call<T = Record<string, unknown>>(method: string, path: string, body?: unknown, token = this.admin): Promise<Reply<T>> {
    const res = await this.gw.fetch(path, { method, token, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : {}) as Reply<T>['body'] };
  }

  /** A token of a user with a global role, or with `role` on team A (`team: 'A'`) or B. */
  async token(role: Role, team?: 'A' | 'B'): Promise<string> {
    const roles = team ? { teams: [{ teamId: team === 'A' ? this.teamA : this.teamB, role }] } : { globalRole: role };
    return (await this.gw.userWithToken(roles)).token;
  }

  /** A saved query (global, or of a team) and its id. */
  async savedQuery(body: { observer_can_run?: boolean; team_id?: number; query?: string } = {}): Promise<number> {
    const res = await this.call<{ query: { id: number } }>('POST', `${LATEST}/queries`, { name: `q-${Math.random().toString(36).slice(2)}`, query: 'SELECT * FROM osquery_info;', ...body });
    if (res.status !== 200) throw new Error(`create query: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.query.id;
  }

  async labelId(name: string): Promise<number> {
    return (await this.gw.db.manager.findOneByOrFail(LabelEntity, { name })).id;
  }

  async activities(type: string): Promise<Array<Record<string, unknown>>> {
    const res = await this.call<{ activities: Array<{ details: Record<string, unknown> }> }>('GET', `${V1}/activities?activity_type=${type}&order_key=id&order_direction=asc&per_page=1000`);
    return res.body.activities.map((a) => a.details);
  }

  private async seed(): Promise<void> {
    this.teamA = await insertTeam(this.gw, 'Team A');
    this.teamB = await insertTeam(this.gw, 'Team B');
    const now = Date.now();
    const old = new Date(now - 60 * DAY);
    const seeds: Array<[HostName, string, number | null, number, Date]> = [
      ['a1', 'darwin', this.teamA, 0, old],
      ['a2', 'ubuntu', this.teamA, 3_600_000, old],
      ['b1', 'darwin', this.teamB, 0, old],
      ['n1', 'windows', null, 40 * DAY, old],
      ['new1', 'darwin', null, 0, new Date(now - 3_600_000)],
    ];
    for (const [name, platform, teamId, ago, createdAt] of seeds) {
      const hostname = `${name}.example.com`;
      const host = await this.gw.seedHost({ osqueryHostId: `oid-${name}`, hostname, uuid: `UUID-${name}`, hardwareSerial: `SERIAL-${name}`, platform, teamId, seenTime: new Date(now - ago), distributedInterval: 10, configTlsRefresh: 10, createdAt });
      this.hosts[name] = { id: host.id, hostname };
    }
    const label = await this.gw.db.manager.insert(LabelEntity, { name: 'manual-a2-b1', description: '', query: '', platform: '', labelType: 'regular', membershipType: 'manual', platforms: '' });
    this.manualLabel = Number(label.identifiers[0]?.['id']);
    await this.gw.db.manager.insert(LabelMembershipEntity, [this.hosts.a2, this.hosts.b1].map((h) => ({ labelId: this.manualLabel, hostId: h.id })));
  }
}
