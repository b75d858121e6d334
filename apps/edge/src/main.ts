import { loadEdgeConfig } from './config/edge.config';
import { createEdgeServer } from './edge.server';

async function main(): Promise<void> {
  const config = loadEdgeConfig();
  const app = await createEdgeServer(config);
  await app.listen({ port: config.port, host: config.host });
  app.log.info({ port: config.port, upstreams: config.upstreams }, 'edge listening');
  const stop = () => void app.close().finally(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`flotilla edge: failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
