import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { OSQUERY_LOGS } from '@flotilla/contracts';
import { NamespacedBus, NatsBus } from '@flotilla/platform-bus';
import { parseConfig, ServiceEnv } from '@flotilla/platform-config';
import { RunningServer, startServer } from '@flotilla/platform-server';
import { deleteNamespacedStreams, waitFor } from '@flotilla/testing';
import { LOG_SHIPPER_CONFIG } from './config/log-shipper.config';
import { LogShipperModule } from './log-shipper.module';
import { RecordingHttpServer } from './testing/recording-http.server';

const NATS_URL = process.env['NATS_URL'] ?? 'nats://127.0.0.1:4222';

/**
 * log-shipper as its own distributed process would run: OSQUERY_LOGS on JetStream, one durable
 * consumer per destination. Messages appended while it is stopped are shipped when it is back.
 */
describe('log-shipper over NATS JetStream (distributed)', () => {
  const prefix = `it-logs-${randomBytes(3).toString('hex')}`;
  let dataDir: string;
  let hook: RecordingHttpServer;
  let producer: NamespacedBus;
  let env: ServiceEnv;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'flotilla-log-shipper-int-'));
    hook = new RecordingHttpServer();
    const url = await hook.start();
    env = parseConfig(LOG_SHIPPER_CONFIG, {
      PORT: '0',
      HOST: '127.0.0.1',
      NATS_URL,
      NATS_SUBJECT_PREFIX: prefix,
      FLOTILLA_DATA_DIR: dataDir,
      OSQUERY_RESULT_LOG_PLUGIN: 'filesystem,webhook',
      WEBHOOK_RESULT_URL: url,
      LOG_BATCH_MAX_WAIT_MS: '50',
    }) as ServiceEnv;
    producer = new NamespacedBus(new NatsBus({ servers: NATS_URL, name: 'log-shipper-int-producer', logger: { warn: () => undefined, error: () => undefined } }), prefix);
    await producer.start();
    await producer.ready(5_000);
  });

  afterAll(async () => {
    await producer?.close();
    await hook?.stop();
    await deleteNamespacedStreams(prefix, NATS_URL);
    rmSync(dataDir, { recursive: true, force: true });
  });

  const start = () => startServer({ mode: 'distributed', services: ['log-shipper'], modules: [LogShipperModule], env, logDestination: new PassThrough() });
  const append = async (batchId: string, n: number) =>
    producer.append(
      OSQUERY_LOGS,
      { hostId: 7, hostIdentifier: 'h7', logType: 'result', batchId, receivedAt: new Date().toISOString(), lines: Array.from({ length: n }, (_, i) => ({ name: 'pack/Global/q', counter: i })) },
      { msgId: batchId },
    );
  const fileIds = () => {
    try {
      return readFileSync(join(dataDir, 'logs', 'osqueryd.results.log'), 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { flotilla_log_id: string }).flotilla_log_id);
    } catch {
      return [];
    }
  };
  const hookIds = () => hook.requests.flatMap((r) => (JSON.parse(r.body) as Array<{ flotilla_log_id: string }>).map((l) => l.flotilla_log_id));

  it('ships through one durable consumer per destination, and catches up on what arrived while it was stopped', async () => {
    let server: RunningServer = await start();
    try {
      await append('first', 3);
      await waitFor(() => fileIds().length === 3 && hookIds().length === 3, { timeoutMs: 15_000, what: 'the first lines at both destinations' });
      expect(fileIds()).toEqual(['first:0', 'first:1', 'first:2']);

      const nc = await connect({ servers: NATS_URL });
      const durables: string[] = [];
      for await (const c of (await jetstreamManager(nc)).consumers.list(`${prefix.toUpperCase().replace(/-/g, '_')}_OSQUERY_LOGS`)) durables.push(c.name);
      await nc.close();
      expect(durables.sort()).toEqual(['log-shipper-filesystem', 'log-shipper-webhook']);

      await server.close();
      await append('while-down', 4);
      server = await start();
      await waitFor(() => fileIds().length === 7 && new Set(hookIds()).size === 7, { timeoutMs: 15_000, what: 'the lines appended while stopped' });
      expect(fileIds().slice(3)).toEqual(['while-down:0', 'while-down:1', 'while-down:2', 'while-down:3']);
    } finally {
      await server.close();
    }
  });
});
