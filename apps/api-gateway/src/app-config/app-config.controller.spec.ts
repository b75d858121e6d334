import { FLOTILLA_VERSION } from '@flotilla/domain';
import { AppConfigRepository } from '@flotilla/platform-db';
import { DEFAULT_AGENT_OPTIONS } from '@flotilla/domain';
import { MAX_AGENT_OPTIONS_BYTES } from '../common/agent-options';
import { ApiGatewayHarness } from '../testing/api-gateway.harness';
import { FleetOpenApiValidator } from '../testing/fleet-openapi.validator';
import type { AppConfigDocument } from './app-config.service';
import type { FleetVersion } from './version.controller';

const V1 = '/api/v1/fleet';
const LATEST = '/api/latest/fleet';

type Json = AppConfigDocument;
interface FleetErrorBody {
  message: string;
  errors: Array<{ name: string; reason: string }>;
}

describe('app config API (GET/PATCH /config, GET /version)', () => {
  let gw: ApiGatewayHarness;
  let token: string;
  const fleet = new FleetOpenApiValidator();

  const getConfig = async (): Promise<Json> => {
    const res = await gw.fetch(`${LATEST}/config`, { token });
    expect(res.status).toBe(200);
    return (await res.json()) as Json;
  };
  const patch = (body: unknown, query = '') => gw.fetch(`${LATEST}/config${query}`, { token, method: 'PATCH', body: typeof body === 'string' ? body : JSON.stringify(body) });
  const patchOk = async (body: unknown, query = ''): Promise<Json> => {
    const res = await patch(body, query);
    const json = (await res.json()) as Json;
    expect({ status: res.status, json }).toEqual({ status: 200, json: expect.anything() });
    return json;
  };
  const stored = () => new AppConfigRepository(gw.db).get();
  const expectFleetShape = (body: unknown) => expect(fleet.problemsOfGet('/api/v1/fleet/config', body)).toEqual([]);

  beforeAll(async () => {
    gw = await ApiGatewayHarness.start();
    token = gw.bootstrapTokenFromFile();
  });

  afterAll(async () => {
    await gw?.close();
  });

  it('serves a complete default document, valid against Fleet’s schema, on both prefixes, before anything is stored', async () => {
    expect(await stored()).toBeNull();
    for (const prefix of [V1, LATEST]) {
      const res = await gw.fetch(`${prefix}/config`, { token });
      expect(res.status).toBe(200);
      const body = (await res.json()) as Json;
      expectFleetShape(body);
      expect(body.agent_options).toEqual(DEFAULT_AGENT_OPTIONS);
      expect(body.license).toMatchObject({ tier: 'free' });
      expect(body.smtp_settings).toMatchObject({ enable_smtp: false, configured: false, port: 587, password: '' });
      expect(body.server_settings).toMatchObject({ server_url: '', enable_analytics: false, report_cap: 1000 });
      expect(body.logging.result.config.result_log_file).toBe(`${gw.dataDir}/logs/osqueryd.results.log`);
    }
  });

  it('checks against a schema that does catch a wrong document (not a vacuous check)', async () => {
    const { license: _license, ...body } = await getConfig();
    expect(fleet.problemsOfGet('/api/v1/fleet/config', body).join()).toMatch(/license/);
    const problems = fleet.problemsOfGet('/api/v1/fleet/config', { ...body, license: { tier: 'free' }, mdm: { ...body.mdm, enable_disk_encryption: 'yes' } }).join('\n');
    expect(problems).toMatch(/^\/license .*expiration/m);
    expect(problems).toMatch(/^\/mdm\/enable_disk_encryption /m);
  });

  it('GET /version answers Fleet’s shape with Flotilla’s version and the Node runtime', async () => {
    for (const prefix of [V1, LATEST]) {
      const res = await gw.fetch(`${prefix}/version`, { token });
      expect(res.status).toBe(200);
      const body = (await res.json()) as FleetVersion;
      expect(fleet.problemsOfGet('/api/v1/fleet/version', body)).toEqual([]);
      expect(body).toMatchObject({ version: FLOTILLA_VERSION, go_version: `node ${process.versions.node}` });
    }
  });

  it('merges a PATCH into the stored settings (objects merge, arrays and scalars replace, null clears) and keeps it across reads', async () => {
    const first = await patchOk({ org_info: { org_name: 'Acme' }, server_settings: { server_url: 'https://fleet.acme.test' }, webhook_settings: { failing_policies_webhook: { policy_ids: [1, 2] } } });
    expect(first.org_info).toMatchObject({ org_name: 'Acme', contact_url: '' });
    expectFleetShape(first);

    const second = await patchOk({ server_settings: { live_query_disabled: true }, webhook_settings: { failing_policies_webhook: { policy_ids: [3] } } });
    expect(second.org_info.org_name).toBe('Acme');
    expect(second.server_settings).toMatchObject({ server_url: 'https://fleet.acme.test', live_query_disabled: true, scripts_disabled: false });
    expect(second.webhook_settings.failing_policies_webhook).toMatchObject({ policy_ids: [3], enable_failing_policies_webhook: false });

    const third = await patchOk({ webhook_settings: { failing_policies_webhook: { policy_ids: null } }, integrations: { jira: [{ url: 'https://acme.atlassian.net', username: 'bot', api_token: 'jt-1', project_key: 'IT' }] } });
    expect(third.webhook_settings.failing_policies_webhook.policy_ids).toBeNull();
    expect(third.integrations.jira).toEqual([{ url: 'https://acme.atlassian.net', username: 'bot', api_token: 'jt-1', project_key: 'IT', enable_failing_policies: false, enable_software_vulnerabilities: false }]);
    expectFleetShape(third);

    const again = await getConfig();
    expect(again).toEqual(third);
    // The row keeps only what was set; defaults stay out of it.
    expect((await stored())?.['server_settings']).toEqual({ server_url: 'https://fleet.acme.test', live_query_disabled: true });
  });

  it('keeps report_cap and query_report_cap (Fleet 4.86’s new and old names) equal', async () => {
    expect((await patchOk({ server_settings: { report_cap: 50 } })).server_settings).toMatchObject({ report_cap: 50, query_report_cap: 50 });
    expect((await patchOk({ server_settings: { query_report_cap: 70 } })).server_settings).toMatchObject({ report_cap: 70, query_report_cap: 70 });
  });

  it('replaces agent options whole, and accepts a GET document sent back unchanged', async () => {
    const options = { config: { options: { distributed_interval: 30 } } };
    const after = await patchOk({ agent_options: options });
    expect(after.agent_options).toEqual(options);
    const roundTrip = await patchOk(after);
    expect(roundTrip).toEqual(after);
    expect((await stored())?.['license']).toBeUndefined();
    await patchOk({ agent_options: DEFAULT_AGENT_OPTIONS });
  });

  it('treats an empty body as a no-op and answers the config', async () => {
    const before = await getConfig();
    const row = await stored();
    expect(await patchOk({})).toEqual(before);
    expect(await stored()).toEqual(row);
  });

  it('dry_run validates and answers the would-be document without storing it', async () => {
    const before = await getConfig();
    const row = await stored();
    const preview = await patchOk({ org_info: { org_name: 'Preview Inc' } }, '?dry_run=true');
    expect(preview.org_info.org_name).toBe('Preview Inc');
    expect(await getConfig()).toEqual(before);
    expect(await stored()).toEqual(row);
    expect((await patch({ server_settings: { bogus: true } }, '?dry_run=true')).status).toBe(422);
    const flag = await patch({}, '?dry_run=maybe');
    expect(flag.status).toBe(400);
    expect(((await flag.json()) as FleetErrorBody).errors[0]?.name).toBe('dry_run');
  });

  it.each([
    ['an unknown key in a section', { server_settings: { bogus: true } }, 'server_settings.bogus'],
    ['an unknown top-level key', { bogus_section: {} }, 'bogus_section'],
    ['an unknown key deep inside mdm', { mdm: { macos_updates: { bogus: 1 } } }, 'mdm.macos_updates.bogus'],
    ['a wrong type', { smtp_settings: { port: '25' } }, 'smtp_settings.port'],
    ['a port out of range', { smtp_settings: { port: 70000 } }, 'smtp_settings.port'],
    ['a section that is not an object', { org_info: 'Acme' }, 'org_info'],
    ['an empty organisation name', { org_info: { org_name: '  ' } }, 'org_info.org_name'],
    ['an organisation name over 255 characters', { org_info: { org_name: 'x'.repeat(256) } }, 'org_info.org_name'],
    ['a server URL that is not http(s)', { server_settings: { server_url: 'ftp://fleet.acme.test' } }, 'server_settings.server_url'],
    ['host expiry enabled with no window', { host_expiry_settings: { host_expiry_enabled: true, host_expiry_window: 0 } }, 'host_expiry_settings.host_expiry_window'],
    ['an enabled webhook without a URL', { webhook_settings: { activities_webhook: { enable_activities_webhook: true } } }, 'webhook_settings.activities_webhook.destination_url'],
    ['a webhook URL that is not a URL', { webhook_settings: { vulnerabilities_webhook: { destination_url: 'not a url' } } }, 'webhook_settings.vulnerabilities_webhook.destination_url'],
    ['a Jira integration without a project key', { integrations: { jira: [{ url: 'https://x.atlassian.net', username: 'u', api_token: 't' }] } }, 'integrations.jira.0.project_key'],
    ['a body that is not an object', [1, 2], 'base'],
  ])('refuses %s with 422 naming it, and changes nothing', async (_what, body, name) => {
    const before = await getConfig();
    const res = await patch(body);
    const json = (await res.json()) as FleetErrorBody;
    expect({ status: res.status, message: json.message }).toEqual({ status: 422, message: 'Validation Failed' });
    expect(json.errors.map((e) => e.name)).toContain(name);
    expect(await getConfig()).toEqual(before);
  });

  it('answers 400 to malformed JSON', async () => {
    expect((await patch('{"org_info": ')).status).toBe(400);
  });

  describe('agent options', () => {
    const huge = { config: { options: { padding: 'x'.repeat(MAX_AGENT_OPTIONS_BYTES) } } };
    const invalid = { config: { options: { distributed_interval: 'often' } }, bogus: true };

    it.each([
      ['a mistyped osquery option', { config: { options: { distributed_interval: 'often' } } }, 'agent_options.config.options.distributed_interval'],
      ['an unknown key', { config: {}, bogus: true }, 'agent_options.bogus'],
      ['a document over 2 MiB', huge, 'agent_options'],
      ['not an object', 'x', 'agent_options'],
    ])('refuses %s (422, nothing stored)', async (_what, agentOptions, name) => {
      const before = await getConfig();
      const res = await patch({ agent_options: agentOptions });
      expect(res.status).toBe(422);
      expect(((await res.json()) as FleetErrorBody).errors.map((e) => e.name)).toContain(name);
      expect(await getConfig()).toEqual(before);
    });

    it('force skips agent options validation, but not the size limit nor the rest of the document', async () => {
      const accepted = await patchOk({ agent_options: invalid }, '?force=true');
      expect(accepted.agent_options).toEqual(invalid);
      expect((await getConfig()).agent_options).toEqual(invalid);
      expect((await patch({ agent_options: huge }, '?force=true')).status).toBe(422);
      const other = await patch({ agent_options: invalid, server_settings: { bogus: 1 } }, '?force=true');
      expect(other.status).toBe(422);
      expect(((await other.json()) as FleetErrorBody).errors.map((e) => e.name)).toEqual(['server_settings.bogus']);
      await patchOk({ agent_options: DEFAULT_AGENT_OPTIONS });
    });
  });
});
