import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';

/**
 * Deletes the JetStream streams a test run created under its NATS_SUBJECT_PREFIX (streams are
 * named `<PREFIX>_<STREAM>`), so the shared NATS server does not accumulate them run after run.
 */
export async function deleteNamespacedStreams(subjectPrefix: string, servers = 'nats://127.0.0.1:4222'): Promise<number> {
  const streamPrefix = `${subjectPrefix.toUpperCase().replace(/-/g, '_')}_`;
  const nc = await connect({ servers, timeout: 2_000 });
  try {
    const jsm = await jetstreamManager(nc);
    let deleted = 0;
    for await (const name of jsm.streams.names()) {
      if (name.startsWith(streamPrefix)) {
        await jsm.streams.delete(name);
        deleted++;
      }
    }
    return deleted;
  } finally {
    await nc.close();
  }
}
