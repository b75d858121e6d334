import type { Database } from '@flotilla/platform-db';
import { EnrollSecretEntity, HostEntity, isDuplicateKey, TeamEntity, UserTeamEntity } from '@flotilla/platform-db';
import { seedHost } from '../../testing/host-seed';
import { TeamsRepository, type TeamListOptions } from '../teams.repository';

const ALL: TeamListOptions = { orderKey: 'name', direction: 'ASC', offset: 0 };

/**
 * What TeamsRepository must do on every dialect: case-insensitive names, escaped search, the same
 * order and pages, counts and JSON round trips. `open` returns a started, migrated database.
 */
export function describeTeamsRepositoryContract(name: string, open: () => Promise<Database>): void {
  describe(`TeamsRepository on ${name}`, () => {
    let db: Database;
    let repo: TeamsRepository;
    const ids: Record<string, number> = {};
    const names = async (options: Partial<TeamListOptions> = {}) => (await repo.list({ ...ALL, ...options })).map((t) => t.name);

    beforeAll(async () => {
      db = await open();
      repo = new TeamsRepository(db);
      for (const entity of [HostEntity, UserTeamEntity, EnrollSecretEntity, TeamEntity]) await db.manager.clear(entity);
      for (const n of ['charlie', 'Alpha', 'bravo_1', 'bravo', 'Ärzte', '50% off']) ids[n] = await repo.insert({ name: n, description: '', config: {} });
    });

    it('finds names ignoring letter case (also beyond ASCII), except the team itself', async () => {
      expect((await repo.findByNameIgnoringCase('ALPHA'))?.id).toBe(ids['Alpha']);
      expect(await repo.findByNameIgnoringCase('alpha', ids['Alpha'])).toBeNull();
      expect((await repo.findByNameIgnoringCase('äRZTE'))?.id).toBe(ids['Ärzte']);
      expect(await repo.findByNameIgnoringCase('Delta')).toBeNull();
    });

    it('refuses an exact duplicate name with the driver’s duplicate-key error', async () => {
      const err = await repo.insert({ name: 'bravo', description: '', config: {} }).catch((e: unknown) => e);
      expect(isDuplicateKey(err)).toBe(true);
    });

    it('orders names case-insensitively, searches escaped substrings, pages and scopes', async () => {
      expect(await names()).toEqual(['50% off', 'Alpha', 'Ärzte', 'bravo', 'bravo_1', 'charlie']);
      expect(await names({ direction: 'DESC', offset: 1, limit: 2 })).toEqual(['bravo_1', 'bravo']);
      expect(await names({ query: 'BRAVO' })).toEqual(['bravo', 'bravo_1']);
      expect(await names({ query: '_' })).toEqual(['bravo_1']);
      expect(await names({ query: '%' })).toEqual(['50% off']);
      expect(await names({ offset: 1, limit: 2 })).toEqual(['Alpha', 'Ärzte']);
      expect(await names({ orderKey: 'id', direction: 'DESC', limit: 1 })).toEqual(['50% off']);
      expect(await names({ withinTeams: [ids['bravo'] ?? 0, ids['charlie'] ?? 0] })).toEqual(['bravo', 'charlie']);
      expect(await names({ withinTeams: [] })).toEqual([]);
    });

    it('keeps the config JSON as given and updates it', async () => {
      const config = { agent_options: { config: { options: { distributed_interval: 5 } } }, features: { additional_queries: { é: 'SELECT "ß";' } } };
      await repo.update(ids['charlie'] ?? 0, { config, description: 'ünïcode' });
      const row = await repo.findById(ids['charlie'] ?? 0);
      expect(row).toMatchObject({ config, description: 'ünïcode' });
    });

    it('counts hosts and members per team, and reads each team’s secrets', async () => {
      const [a, b] = [ids['Alpha'] ?? 0, ids['bravo'] ?? 0];
      await seedHost(db.manager, { osqueryHostId: 'h1', teamId: a });
      await seedHost(db.manager, { osqueryHostId: 'h2', teamId: a });
      await seedHost(db.manager, { osqueryHostId: 'h3', teamId: null });
      await db.manager.insert(UserTeamEntity, [
        { userId: 1, teamId: a, role: 'observer' },
        { userId: 2, teamId: b, role: 'admin' },
        { userId: 1, teamId: b, role: 'admin' },
      ]);
      await db.manager.insert(EnrollSecretEntity, [
        { secret: 's-a', teamId: a },
        { secret: 's-global', teamId: null },
      ]);
      expect([...(await repo.hostCounts([a, b])).entries()]).toEqual([[a, 2]]);
      expect(new Map(await repo.userCounts([a, b]))).toEqual(new Map([[a, 1], [b, 2]]));
      expect([...(await repo.secrets([a, b])).entries()].map(([team, rows]) => [team, rows.map((r) => r.secret)])).toEqual([[a, ['s-a']]]);
    });

    it('deletes a team with its memberships in one transaction', async () => {
      const b = ids['bravo'] ?? 0;
      await expect(
        repo.delete(b, async (tx) => {
          await tx.delete(UserTeamEntity, { teamId: b });
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect(await repo.findById(b)).not.toBeNull();
      expect(await db.manager.countBy(UserTeamEntity, { teamId: b })).toBe(2);
      expect(await repo.delete(b, async (tx) => void (await tx.delete(UserTeamEntity, { teamId: b })))).toBe(true);
      expect(await repo.findById(b)).toBeNull();
      expect(await db.manager.countBy(UserTeamEntity, { teamId: b })).toBe(0);
      expect(await repo.delete(b, async () => undefined)).toBe(false);
    });
  });
}
