import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { OSQUERY_LOGS } from '@flotilla/contracts';
import { parseConfig, ServiceEnv, standaloneConfigSpec } from '@flotilla/platform-config';
import { RunningServer, startServer } from '@flotilla/platform-server';
import { waitFor } from '@flotilla/testing';
import { LOG_SHIPPER_OWN_CONFIG, LOG_SHIPPER_STANDALONE_CONFIG } from './config/log-shipper.config';
import { LogShipperModule } from './log-shipper.module';
import { RecordingHttpServer } from './testing/recording-http.server';

/** The log-shipper module as the standalone process hosts it: configured from env, consuming the in-process stream. */
describe('log-shipper (module, standalone dependencies)', () => {
  let server: RunningServer;
  let hook: RecordingHttpServer;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'flotilla-log-shipper-'));
    hook = new RecordingHttpServer();
    const url = await hook.start();
    const env = parseConfig(standaloneConfigSpec([LOG_SHIPPER_OWN_CONFIG, LOG_SHIPPER_STANDALONE_CONFIG]), {
      PORT: '0',
      HOST: '127.0.0.1',
      FLOTILLA_DATA_DIR: dataDir,
      OSQUERY_RESULT_LOG_PLUGIN: 'filesystem,webhook',
      OSQUERY_STATUS_LOG_PLUGIN: 'none',
      WEBHOOK_RESULT_URL: `${url}/osquery`,
      OSQUERY_LOG_ID_FIELD: 'event_id',
      LOG_BATCH_MAX_WAIT_MS: '50',
    }) as ServiceEnv;
    server = await startServer({ mode: 'standalone', services: ['log-shipper'], modules: [LogShipperModule], env, logDestination: new PassThrough() });
  });

  afterAll(async () => {
    await server?.close();
    await hook?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('ships result lines to each configured destination with the configured id field, drops status logs (none), and reports metrics', async () => {
    const bus = server.ctx.deps.bus;
    if (!bus) throw new Error('no bus');
    const line = { name: 'pack/Global/usb', hostIdentifier: 'h1', unixTime: 1, counter: 0, action: 'added', columns: { model: 'hub' } };
    await bus.append(OSQUERY_LOGS, { hostId: 1, hostIdentifier: 'h1', logType: 'result', batchId: 'abc', receivedAt: new Date().toISOString(), lines: [line, { ...line, counter: 1 }] });
    await bus.append(OSQUERY_LOGS, { hostId: 1, hostIdentifier: 'h1', logType: 'status', batchId: 'def', receivedAt: new Date().toISOString(), lines: [{ message: 'hi' }] });

    await waitFor(() => hook.requests.length > 0, { what: 'the webhook request' });
    expect(JSON.parse(hook.requests[0]?.body ?? '')).toEqual([
      { ...line, event_id: 'abc:0' },
      { ...line, counter: 1, event_id: 'abc:1' },
    ]);
    const file = join(dataDir, 'logs', 'osqueryd.results.log');
    const written = await waitFor(() => {
      try {
        return readFileSync(file, 'utf8');
      } catch {
        return undefined;
      }
    }, { what: 'the results file' });
    expect(written.trim().split('\n').map((l) => (JSON.parse(l) as { event_id: string }).event_id)).toEqual(['abc:0', 'abc:1']);

    const metrics = await waitFor(async () => {
      const text = await (await fetch(`${server.url}/metrics`)).text();
      return /flotilla_log_delivery_lag_seconds\{destination="filesystem"/.test(text) && /flotilla_log_delivery_lag_seconds\{destination="webhook"/.test(text) ? text : undefined;
    }, { what: 'lag of both destinations' });
    for (const destination of ['filesystem', 'webhook']) {
      expect(metrics).toMatch(new RegExp(`^flotilla_log_lines_delivered_total\\{destination="${destination}",log_type="result"[^}]*\\} 2$`, 'm'));
      expect(metrics).toMatch(new RegExp(`^flotilla_log_batch_delivery_duration_seconds_count\\{[^}]*destination="${destination}"[^}]*\\} 1$`, 'm'));
    }
    expect(metrics).toContain('# TYPE flotilla_log_delivery_retries_total counter');
    expect(metrics).toContain('# TYPE flotilla_log_delivery_failures_total counter');
    expect(await (await fetch(`${server.url}/healthz`)).json()).toMatchObject({ status: 'ok' });
  });
});
