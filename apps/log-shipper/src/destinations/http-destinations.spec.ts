import { Writable } from 'node:stream';
import { createLogger, Logger } from '@flotilla/platform-logging';
import { MetricsRegistry } from '@flotilla/platform-metrics';
import { DeliveryRunner } from '../pipeline/delivery.runner';
import { LogShipperMetrics } from '../pipeline/log-shipper.metrics';
import { RecordingHttpServer } from '../testing/recording-http.server';
import { FirehoseDestination } from './firehose.destination';
import { KafkaRestDestination } from './kafkarest.destination';
import type { LogBatch, LogDestination } from './log-destination';
import { WebhookDestination } from './webhook.destination';

/**
 * The HTTP destinations against real HTTP servers (node:http on 127.0.0.1) that record what
 * reaches them and fail on demand, driven through the DeliveryRunner as the consumers drive them.
 */

const lines = (n: number, prefix = 'b') => Array.from({ length: n }, (_, i) => ({ name: 'pack/Global/usb', counter: i, flotilla_log_id: `${prefix}:${i}` }));
const batch = (logType: 'result' | 'status', items: Array<{ flotilla_log_id: string }>): LogBatch => ({
  logType,
  receivedAt: new Date().toISOString(),
  records: items.map((l) => ({ id: l.flotilla_log_id, json: JSON.stringify(l), bytes: 0 })),
});

function harness(destination: LogDestination) {
  const logs: Array<{ level: string; reason?: string; status?: number }> = [];
  const sink = new Writable({ write: (c: Buffer, _e, cb) => (logs.push(JSON.parse(c.toString()) as (typeof logs)[number]), cb()) });
  const logger: Logger = createLogger({ level: 'warn', base: {}, destination: sink });
  const runner = new DeliveryRunner(destination, new LogShipperMetrics(new MetricsRegistry({ service: 'test' })), logger, {
    backoff: { initialMs: 20, maxMs: 100, jitter: 0.2 },
    attemptTimeoutMs: 2_000,
  });
  return { runner, logs, deliver: (b: LogBatch) => runner.deliver(b, Date.now() + 15_000) };
}

describe('webhook destination', () => {
  let server: RecordingHttpServer;
  let url: string;
  beforeEach(async () => {
    server = new RecordingHttpServer();
    url = await server.start();
  });
  afterEach(() => server.stop());

  it('POSTs each batch as a JSON array of the lines, to the URL of its log type', async () => {
    const dest = new WebhookDestination({ result: `${url}/results`, status: `${url}/status?k=1` });
    const { deliver } = harness(dest);
    await deliver(batch('result', lines(3)));
    await deliver(batch('status', lines(1, 's')));
    expect(server.requests.map((r) => [r.method, r.url, r.headers['content-type']])).toEqual([
      ['POST', '/results', 'application/json'],
      ['POST', '/status?k=1', 'application/json'],
    ]);
    expect(JSON.parse(server.requests[0]?.body ?? '')).toEqual(lines(3));
  });

  it('retries 5xx, 429 (after its Retry-After) and dropped connections until a 2xx, resending the same lines and ids', async () => {
    server.then({ status: 503 }, { status: 429, headers: { 'retry-after': '1' } }, 'drop');
    const { deliver } = harness(new WebhookDestination({ result: url }));
    await deliver(batch('result', lines(50)));
    expect(server.requests).toHaveLength(4);
    expect(new Set(server.requests.map((r) => r.body)).size).toBe(1);
    expect(JSON.parse(server.requests[3]?.body ?? '')).toEqual(lines(50));
    expect((server.requests[2]?.at ?? 0) - (server.requests[1]?.at ?? 0)).toBeGreaterThanOrEqual(990);
  });

  it('keeps retrying a 4xx, logging it as an error each time, and delivers once the receiver is fixed', async () => {
    server.then({ status: 404, body: 'no such hook' }, { status: 401 });
    const { deliver, logs } = harness(new WebhookDestination({ status: url }));
    await deliver(batch('status', lines(2)));
    expect(server.requests.map((r) => r.body)).toEqual(Array(3).fill(JSON.stringify(lines(2))));
    expect(logs.filter((l) => l.level === 'error').map((l) => l.reason)).toEqual(['client_error', 'client_error']);
  });

  it('sends user:password from the URL as Basic authorization, not in the URL', async () => {
    const { deliver } = harness(new WebhookDestination({ result: url.replace('http://', 'http://hook%20user:s3cr%3At@') }));
    await deliver(batch('result', lines(1)));
    expect(server.requests[0]?.headers.authorization).toBe(`Basic ${Buffer.from('hook user:s3cr:t').toString('base64')}`);
  });
});

describe('kafkarest destination (Confluent REST Proxy v2)', () => {
  let server: RecordingHttpServer;
  let url: string;
  const offsets = (body: string, failed: number[] = []) => {
    const records = (JSON.parse(body) as { records: unknown[] }).records;
    return JSON.stringify({
      key_schema_id: null,
      value_schema_id: null,
      offsets: records.map((_, i) => (failed.includes(i) ? { partition: null, offset: null, error_code: 2, error: 'NOT_LEADER_FOR_PARTITION' } : { partition: 0, offset: i, error_code: null, error: null })),
    });
  };
  beforeEach(async () => {
    server = new RecordingHttpServer((req) => ({ status: 200, headers: { 'content-type': 'application/vnd.kafka.v2+json' }, body: offsets(req.body) }));
    url = await server.start();
  });
  afterEach(() => server.stop());

  it('POSTs {"records":[{"value": line}]} to /topics/<topic> with the v2 JSON content type', async () => {
    const { deliver } = harness(new KafkaRestDestination(`${url}/`, { result: 'osquery_result', status: 'osquery.status' }));
    await deliver(batch('result', lines(3)));
    await deliver(batch('status', lines(1, 's')));
    expect(server.requests.map((r) => [r.url, r.headers['content-type'], r.headers.accept])).toEqual([
      ['/topics/osquery_result', 'application/vnd.kafka.json.v2+json', 'application/vnd.kafka.v2+json'],
      ['/topics/osquery.status', 'application/vnd.kafka.json.v2+json', 'application/vnd.kafka.v2+json'],
    ]);
    expect(JSON.parse(server.requests[0]?.body ?? '')).toEqual({ records: lines(3).map((value) => ({ value })) });
  });

  it('sends again only the records Kafka refused (error_code in their offsets), after a 5xx is retried whole', async () => {
    server.then({ status: 500, body: '{"error_code":50003,"message":"Kafka error"}' });
    server.then({ status: 200, body: offsets(JSON.stringify({ records: lines(4) }), [1, 3]) });
    const { deliver } = harness(new KafkaRestDestination(url, { result: 'logs' }));
    await deliver(batch('result', lines(4)));
    const sent = server.requests.map((r) => (JSON.parse(r.body) as { records: Array<{ value: { flotilla_log_id: string } }> }).records.map((x) => x.value.flotilla_log_id));
    expect(sent).toEqual([
      ['b:0', 'b:1', 'b:2', 'b:3'],
      ['b:0', 'b:1', 'b:2', 'b:3'],
      ['b:1', 'b:3'],
    ]);
  });
});

describe('firehose destination (AWS SDK against a Firehose-compatible endpoint)', () => {
  let server: RecordingHttpServer;
  let url: string;
  const answer = (body: string, failed: number[] = []) => {
    const records = (JSON.parse(body) as { Records: unknown[] }).Records;
    return JSON.stringify({
      FailedPutCount: failed.length,
      Encrypted: false,
      RequestResponses: records.map((_, i) => (failed.includes(i) ? { ErrorCode: 'ServiceUnavailableException', ErrorMessage: 'Slow down.' } : { RecordId: `rec-${i}` })),
    });
  };
  const decoded = (body: string) =>
    (JSON.parse(body) as { DeliveryStreamName: string; Records: Array<{ Data: string }> }).Records.map((r) => Buffer.from(r.Data, 'base64').toString('utf8'));
  beforeEach(async () => {
    server = new RecordingHttpServer((req) => ({ status: 200, headers: { 'content-type': 'application/x-amz-json-1.1' }, body: answer(req.body) }));
    url = await server.start();
  });
  afterEach(() => server.stop());

  const firehose = () =>
    new FirehoseDestination({ endpoint: url, region: 'eu-west-1', accessKeyId: 'AKIDFLOTILLATEST', secretAccessKey: 'secret', streams: { result: 'osquery-results', status: 'osquery-status' } });

  it('sends PutRecordBatch with one record per line (line + newline, base64), SigV4-signed', async () => {
    const dest = firehose();
    const { deliver } = harness(dest);
    await deliver(batch('result', lines(3)));
    await dest.close();
    const req = server.requests[0];
    expect(req?.headers['x-amz-target']).toBe('Firehose_20150804.PutRecordBatch');
    expect(req?.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDFLOTILLATEST\/\d{8}\/eu-west-1\/firehose\/aws4_request, SignedHeaders=.*, Signature=[0-9a-f]{64}$/);
    expect(JSON.parse(req?.body ?? '{}')).toMatchObject({ DeliveryStreamName: 'osquery-results' });
    expect(decoded(req?.body ?? '{}')).toEqual(lines(3).map((l) => `${JSON.stringify(l)}\n`));
  });

  it('retries a 503 whole, then only the records counted in FailedPutCount', async () => {
    server.then({ status: 503, headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-errortype': 'ServiceUnavailableException' }, body: '{"__type":"ServiceUnavailableException","message":"busy"}' });
    server.then({ status: 200, headers: { 'content-type': 'application/x-amz-json-1.1' }, body: answer(JSON.stringify({ Records: lines(5) }), [0, 4]) });
    const dest = firehose();
    const { deliver } = harness(dest);
    await deliver(batch('status', lines(5)));
    await dest.close();
    expect(server.requests.map((r) => decoded(r.body).map((l) => (JSON.parse(l) as { flotilla_log_id: string }).flotilla_log_id))).toEqual([
      ['b:0', 'b:1', 'b:2', 'b:3', 'b:4'],
      ['b:0', 'b:1', 'b:2', 'b:3', 'b:4'],
      ['b:0', 'b:4'],
    ]);
    expect(server.requests.every((r) => (JSON.parse(r.body) as { DeliveryStreamName: string }).DeliveryStreamName === 'osquery-status')).toBe(true);
  });
});
