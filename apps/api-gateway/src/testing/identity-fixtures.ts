import type { Role } from '@flotilla/domain';
import { TeamEntity } from '@flotilla/platform-db';
import type { ApiGatewayHarness } from './api-gateway.harness';

export const ADMIN = { email: 'admin@example.com', password: 'admin-pass-1!', name: 'Ada Admin' };
export const API = '/api/latest/fleet';

/** Runs first-run setup; returns the admin's session token. */
export async function setupAdmin(gw: ApiGatewayHarness): Promise<string> {
  const res = await gw.fetch('/api/v1/setup', {
    method: 'POST',
    body: JSON.stringify({ admin: { admin: true, ...ADMIN }, org_info: { org_name: 'Acme' }, server_url: 'https://flotilla.example.com' }),
  });
  if (res.status !== 200) throw new Error(`setup failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

/** Creates a user through the API (as `adminToken`) and logs it in; returns its id and session token. */
export async function createUser(
  gw: ApiGatewayHarness,
  adminToken: string,
  roles: { global_role?: Role; teams?: Array<{ id: number; role: Role }> },
  name: string,
): Promise<{ id: number; token: string; email: string; password: string }> {
  const email = `${name}@example.com`;
  const password = `${name}-pass-1!`.padEnd(12, 'x');
  const res = await gw.fetch(`${API}/users/admin`, { method: 'POST', token: adminToken, body: JSON.stringify({ name, email, password, ...roles }) });
  if (res.status !== 200) throw new Error(`create user failed: ${res.status} ${await res.text()}`);
  const { user } = (await res.json()) as { user: { id: number } };
  return { id: user.id, token: await login(gw, email, password), email, password };
}

export async function login(gw: ApiGatewayHarness, email: string, password: string, headers: Record<string, string> = {}): Promise<string> {
  const res = await gw.fetch(`${API}/login`, { method: 'POST', headers, body: JSON.stringify({ email, password }) });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

/** A team written straight to the table (the teams API is tested on its own). */
export async function insertTeam(gw: ApiGatewayHarness, name: string): Promise<number> {
  const result = await gw.db.manager.insert(TeamEntity, { name, description: '' });
  return Number(result.identifiers[0]?.['id']);
}
