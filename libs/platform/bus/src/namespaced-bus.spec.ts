import { defineEvent, defineRequest, defineStream } from '@flotilla/contracts';
import { z } from 'zod';
import { InProcessBus } from './in-process-bus';
import { NamespacedBus } from './namespaced-bus';

const PING = defineRequest('api-gateway.test.ping.v1', z.object({}), z.object({ from: z.string() }));
const SEEN = defineEvent('api-gateway.test.seen.v1', z.object({ n: z.number() }));
const LOG = defineStream('TEST_LOG', 'api-gateway.test.logged.v1', z.object({ n: z.number() }));

describe('NamespacedBus', () => {
  const shared = new InProcessBus();
  const staging = new NamespacedBus(shared, 'staging');
  const prod = new NamespacedBus(shared, 'prod');

  beforeAll(async () => {
    await shared.start();
  });
  afterAll(async () => {
    await shared.close();
  });

  it('keeps requests within their namespace', async () => {
    await staging.handle(PING, () => ({ from: 'staging' }));
    await prod.handle(PING, () => ({ from: 'prod' }));
    expect(await staging.request(PING, {})).toEqual({ from: 'staging' });
    expect(await prod.request(PING, {})).toEqual({ from: 'prod' });
    await expect(shared.request(PING, {}, { timeoutMs: 200 })).rejects.toMatchObject({ code: 'no_responders' });
  });

  it('delivers events and stream messages under the prefixed subject', async () => {
    const subjects: string[] = [];
    await staging.subscribe(SEEN, (_p, ctx) => void subjects.push(ctx.subject));
    await prod.subscribe(SEEN, () => void subjects.push('prod heard staging'));
    await staging.publish(SEEN, { n: 1 });
    const stream: string[] = [];
    await staging.consume(LOG, async (_p, ctx) => void stream.push(ctx.subject), { durable: 'ns-test' });
    await staging.append(LOG, { n: 1 });
    for (let i = 0; i < 50 && (subjects.length < 1 || stream.length < 1); i++) await new Promise((r) => setTimeout(r, 10));
    expect(subjects).toEqual(['staging.api-gateway.test.seen.v1']);
    expect(stream).toEqual(['staging.api-gateway.test.logged.v1']);
  });

  it('rejects namespaces that are not subject-safe', () => {
    expect(() => new NamespacedBus(shared, 'Has.Dots')).toThrow(RangeError);
  });
});
