import { APP_CONFIG_CHANGED, type PayloadOf } from '@flotilla/contracts';
import type { BusSubscription } from '@flotilla/platform-bus';
import { AppConfigRepository } from '@flotilla/platform-db';
import type { FleetActivity } from '../activities/activities.service';
import { ApiGatewayHarness } from '../testing/api-gateway.harness';
import { FleetOpenApiValidator } from '../testing/fleet-openapi.validator';
import { AppConfigService, type AppConfigDocument } from './app-config.service';

const CONFIG = '/api/latest/fleet/config';
const SMTP = {
  enable_smtp: true,
  sender_address: 'fleet@acme.test',
  server: 'smtp.acme.test',
  port: 465,
  authentication_type: 'authtype_username_password',
  user_name: 'mailer',
  password: 'hunter2',
};
const JIRA = { url: 'https://acme.atlassian.net', username: 'bot', api_token: 'jira-secret', project_key: 'IT' };

describe('app config API: roles, secrets, activities, change events', () => {
  let gw: ApiGatewayHarness;
  let admin: string;
  let tokens: Record<'observer' | 'maintainer' | 'gitops', string>;
  let events: Array<PayloadOf<typeof APP_CONFIG_CHANGED>>;
  let sub: BusSubscription;
  const fleet = new FleetOpenApiValidator();

  const read = async (token: string): Promise<AppConfigDocument> => {
    const res = await gw.fetch(CONFIG, { token });
    expect(res.status).toBe(200);
    const body = (await res.json()) as AppConfigDocument;
    expect(fleet.problemsOfGet('/api/v1/fleet/config', body)).toEqual([]);
    return body;
  };
  const patch = (token: string, body: unknown) => gw.fetch(CONFIG, { token, method: 'PATCH', body: JSON.stringify(body) });
  const activities = async (type: string): Promise<FleetActivity[]> => {
    const res = await gw.fetch(`/api/latest/fleet/activities?activity_type=${type}&order_key=id&order_direction=asc`, { token: admin });
    expect(res.status).toBe(200);
    return ((await res.json()) as { activities: FleetActivity[] }).activities;
  };
  const eventually = async (check: () => void): Promise<void> => {
    for (let i = 0; ; i++) {
      try {
        return check();
      } catch (err) {
        if (i >= 50) throw err;
        await new Promise((r) => setTimeout(r, 20));
      }
    }
  };

  beforeAll(async () => {
    gw = await ApiGatewayHarness.start();
    admin = gw.bootstrapTokenFromFile();
    tokens = {
      observer: (await gw.userWithToken({ globalRole: 'observer' })).token,
      maintainer: (await gw.userWithToken({ globalRole: 'maintainer' })).token,
      gitops: (await gw.userWithToken({ globalRole: 'gitops' })).token,
    };
    events = [];
    sub = await gw.bus.subscribe(APP_CONFIG_CHANGED, (payload) => {
      events.push(payload);
    });
    expect((await patch(admin, { smtp_settings: SMTP, integrations: { jira: [JIRA] } })).status).toBe(200);
  });

  afterAll(async () => {
    await sub?.unsubscribe();
    await gw?.close();
  });

  it('shows secrets to admins (and gitops), and ******** to observers and maintainers', async () => {
    for (const token of [admin, tokens.gitops]) {
      const body = await read(token);
      expect(body.smtp_settings).toMatchObject({ password: 'hunter2', configured: true });
      expect(body.integrations.jira[0]?.api_token).toBe('jira-secret');
    }
    for (const token of [tokens.observer, tokens.maintainer]) {
      const body = await read(token);
      expect(body.smtp_settings).toMatchObject({ password: '********', user_name: 'mailer', configured: true });
      expect(body.integrations.jira[0]?.api_token).toBe('********');
      expect(JSON.stringify(body)).not.toMatch(/hunter2|jira-secret/);
    }
  });

  it('lets observers and maintainers read /version', async () => {
    for (const token of [tokens.observer, tokens.maintainer]) expect((await gw.fetch('/api/latest/fleet/version', { token })).status).toBe(200);
  });

  it('refuses PATCH from observers and maintainers (403), changing nothing', async () => {
    const before = await read(admin);
    for (const token of [tokens.observer, tokens.maintainer]) {
      const res = await patch(token, { org_info: { org_name: 'Hijacked' } });
      expect(res.status).toBe(403);
    }
    expect(await read(admin)).toEqual(before);
  });

  it('lets gitops PATCH', async () => {
    const res = await patch(tokens.gitops, { org_info: { org_name: 'GitOps Corp' } });
    expect(res.status).toBe(200);
    expect((await read(admin)).org_info.org_name).toBe('GitOps Corp');
  });

  it('keeps stored secrets when a masked document is sent back', async () => {
    const masked = await read(tokens.observer);
    const res = await patch(admin, { smtp_settings: masked.smtp_settings, integrations: { jira: masked.integrations.jira } });
    expect(res.status).toBe(200);
    const body = await read(admin);
    expect(body.smtp_settings.password).toBe('hunter2');
    expect(body.integrations.jira[0]?.api_token).toBe('jira-secret');
    const unknown = await patch(admin, { integrations: { jira: [{ ...JIRA, project_key: 'OTHER', api_token: '********' }] } });
    expect(unknown.status).toBe(422);
  });

  it('records edited_app_config (actor, changed sections) and publishes APP_CONFIG_CHANGED; edited_agent_options too when agent options change', async () => {
    const editsBefore = (await activities('edited_app_config')).length;
    const agentEditsBefore = (await activities('edited_agent_options')).length;
    events.length = 0;

    expect((await patch(admin, { server_settings: { server_url: 'https://fleet.acme.test' }, agent_options: { config: { options: { distributed_interval: 60 } } } })).status).toBe(200);
    const edits = await activities('edited_app_config');
    expect(edits).toHaveLength(editsBefore + 1);
    expect(edits.at(-1)).toMatchObject({ actor_full_name: 'bootstrap token', details: { sections: ['server_settings', 'agent_options'] } });
    const agentEdits = await activities('edited_agent_options');
    expect(agentEdits).toHaveLength(agentEditsBefore + 1);
    expect(agentEdits.at(-1)?.details).toEqual({ global: true, team_id: null, team_name: null });
    await eventually(() => expect(events).toEqual([{ sections: ['server_settings', 'agent_options'] }]));

    // Nothing changed, dry runs and refusals record nothing.
    expect((await patch(admin, { server_settings: { server_url: 'https://fleet.acme.test' } })).status).toBe(200);
    expect((await gw.fetch(`${CONFIG}?dry_run=true`, { token: admin, method: 'PATCH', body: JSON.stringify({ org_info: { org_name: 'Dry' } }) })).status).toBe(200);
    expect((await patch(admin, { org_info: { org_name: '' } })).status).toBe(422);
    expect(await activities('edited_app_config')).toHaveLength(editsBefore + 1);
    expect(events).toHaveLength(1);
  });

  it('gives other features typed settings through AppConfigService (secrets included), and first-run setup its initialise()', async () => {
    const service = gw.server.app.get(AppConfigService);
    expect(await service.smtpSettings()).toMatchObject({ ...SMTP, configured: true, authentication_method: 'authmethod_plain' });
    await service.initialise({ orgName: 'Setup Org', serverUrl: 'https://setup.acme.test' });
    expect(await service.serverUrl()).toBe('https://setup.acme.test');
    expect((await service.get()).org_info.org_name).toBe('Setup Org');
    expect((await new AppConfigRepository(gw.db).get())?.['org_info']).toEqual({ org_name: 'Setup Org' });
    await expect(service.initialise({ orgName: '', serverUrl: 'not a url' })).rejects.toMatchObject({ status: 422, details: [{ name: 'org_info.org_name' }, { name: 'server_settings.server_url' }] });
  });
});
