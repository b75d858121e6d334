import { SmtpSink } from '@flotilla/testing';
import { ApiGatewayHarness } from '../testing/api-gateway.harness';
import { ADMIN, API, createUser, insertTeam, login, setupAdmin } from '../testing/identity-fixtures';

/** The token in a (quoted-printable) mail body. */
const tokenIn = (raw: string, pattern: RegExp): string => {
  const body = raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  const match = pattern.exec(body);
  if (!match?.[1]) throw new Error(`no token in mail:\n${raw}`);
  return decodeURIComponent(match[1]);
};

describe('passwords and invites', () => {
  let gw: ApiGatewayHarness;
  let smtp: SmtpSink;
  let admin: string;
  const post = (path: string, body: unknown, token?: string) => gw.fetch(`${API}${path}`, { method: 'POST', ...(token ? { token } : {}), body: JSON.stringify(body) });

  beforeAll(async () => {
    gw = await ApiGatewayHarness.start({ FLOTILLA_LOGIN_RATE_LIMIT: '1000' });
    smtp = await SmtpSink.start();
    admin = await setupAdmin(gw);
  });
  afterAll(async () => {
    await gw?.close();
    await smtp?.close();
  });

  const enableSmtp = async (): Promise<void> => {
    const res = await gw.fetch(`${API}/config`, {
      method: 'PATCH',
      token: admin,
      body: JSON.stringify({
        smtp_settings: { enable_smtp: true, sender_address: 'flotilla@example.com', server: '127.0.0.1', port: smtp.port, authentication_type: 'authtype_none', enable_ssl_tls: false, enable_start_tls: false },
      }),
    });
    expect(res.status).toBe(200);
  };

  it('change_password: checks the old password and the rules, keeps this session and ends the others', async () => {
    const user = await createUser(gw, admin, { global_role: 'observer' }, 'changer');
    const other = await login(gw, user.email, user.password);
    expect((await post('/change_password', { old_password: 'wrong-old-pass-1!', new_password: 'new-password-2!' }, user.token)).status).toBe(422);
    expect((await post('/change_password', { old_password: user.password, new_password: 'weak' }, user.token)).status).toBe(422);
    expect((await post('/change_password', { old_password: user.password, new_password: 'new-password-2!' }, user.token)).status).toBe(200);
    expect((await gw.fetch(`${API}/me`, { token: user.token })).status).toBe(200);
    expect((await gw.fetch(`${API}/me`, { token: other })).status).toBe(401);
    await expect(login(gw, user.email, user.password)).rejects.toThrow(/401/);
    await login(gw, user.email, 'new-password-2!');
  });

  it('without SMTP, forgot_password and invites say so, for every address alike', async () => {
    for (const email of [ADMIN.email, 'nobody@example.com']) {
      const res = await post('/forgot_password', { email });
      expect(res.status).toBe(422);
      expect(JSON.stringify(await res.json())).toContain('SMTP is not configured');
    }
    expect((await post('/invites', { email: 'new@example.com', global_role: 'observer' }, admin)).status).toBe(422);
  });

  it('forgot → emailed token → reset: single use, signs out everywhere; unknown addresses get the same answer and no mail', async () => {
    await enableSmtp();
    const user = await createUser(gw, admin, { global_role: 'observer' }, 'forgetful');
    const sent = smtp.mails.length;
    const unknown = await post('/forgot_password', { email: 'ghost@example.com' });
    const known = await post('/forgot_password', { email: user.email });
    expect([unknown.status, known.status]).toEqual([200, 200]);
    expect(await unknown.json()).toEqual(await known.json());
    const mail = await smtp.mailTo(user.email, sent);
    expect(smtp.mails.slice(sent).some((m) => m.to.includes('ghost@example.com'))).toBe(false);
    const token = tokenIn(mail.raw, /reset\?token=([A-Za-z0-9_%-]+)/);
    expect((await post('/reset_password', { password_reset_token: token, new_password: 'short' })).status).toBe(422);
    expect((await post('/reset_password', { password_reset_token: token, new_password: 'reset-password-3!' })).status).toBe(200);
    expect((await gw.fetch(`${API}/me`, { token: user.token })).status).toBe(401);
    expect((await post('/reset_password', { password_reset_token: token, new_password: 'again-password-4!' })).status).toBe(422);
    expect((await post('/reset_password', { password_reset_token: 'made-up', new_password: 'again-password-4!' })).status).toBe(422);
    await login(gw, user.email, 'reset-password-3!');
  });

  it('invites: emailed token, verified publicly, accepted once with the invited roles', async () => {
    const team = await insertTeam(gw, 'Invited team');
    const sent = smtp.mails.length;
    const res = await post('/invites', { email: 'Invitee@example.com', name: 'In Vitee', teams: [{ id: team, role: 'maintainer' }] }, admin);
    expect(res.status).toBe(200);
    const { invite } = (await res.json()) as { invite: { id: number; email: string; teams: Array<{ id: number; role: string }> } };
    expect(invite).toMatchObject({ email: 'invitee@example.com', teams: [{ id: team, role: 'maintainer', name: 'Invited team' }] });
    expect((await post('/invites', { email: 'invitee@example.com', global_role: 'observer' }, admin)).status).toBe(409);
    const token = tokenIn((await smtp.mailTo('invitee@example.com', sent)).raw, /invites\/([A-Za-z0-9_%-]+)/);
    expect((await gw.fetch(`${API}/invites/${token}`)).status).toBe(200);
    expect((await gw.fetch(`${API}/invites/not-a-token`)).status).toBe(404);
    const accept = (email: string) => post('/users', { email, invite_token: token, name: 'In Vitee', password: 'invited-pass-5!' });
    expect((await accept('someone-else@example.com')).status).toBe(422);
    const ok = await accept('invitee@example.com');
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { user: unknown }).user).toMatchObject({ email: 'invitee@example.com', global_role: null, teams: [{ id: team, role: 'maintainer' }] });
    expect((await accept('invitee@example.com')).status).toBe(404);
    const { invites } = (await (await gw.fetch(`${API}/invites`, { token: admin })).json()) as { invites: unknown[] };
    expect(invites).toEqual([]);
    await login(gw, 'invitee@example.com', 'invited-pass-5!');
  });

  it('a maintainer cannot invite; a team admin invites only into its team', async () => {
    const team = await insertTeam(gw, 'Inviting team');
    const maint = await createUser(gw, admin, { global_role: 'maintainer' }, 'maint-inv');
    const teamAdmin = await createUser(gw, admin, { teams: [{ id: team, role: 'admin' }] }, 'tadmin-inv');
    expect((await post('/invites', { email: 'a1@example.com', global_role: 'observer' }, maint.token)).status).toBe(403);
    expect((await post('/invites', { email: 'a2@example.com', global_role: 'observer' }, teamAdmin.token)).status).toBe(403);
    const ok = await post('/invites', { email: 'a3@example.com', teams: [{ id: team, role: 'observer' }] }, teamAdmin.token);
    expect(ok.status).toBe(200);
    const { invite } = (await ok.json()) as { invite: { id: number } };
    const listed = (await (await gw.fetch(`${API}/invites`, { token: teamAdmin.token })).json()) as { invites: Array<{ id: number }> };
    expect(listed.invites.map((i) => i.id)).toEqual([invite.id]);
    expect((await gw.fetch(`${API}/invites/${invite.id}`, { method: 'DELETE', token: teamAdmin.token })).status).toBe(200);
  });
});
