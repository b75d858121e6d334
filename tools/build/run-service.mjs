// `npm run start:service -- <service>`: build, then run one service process in distributed mode.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const service = process.argv[2];
const entry = service && join(root, 'dist/apps', service, 'src/main.js');
const build = spawnSync(process.execPath, [join(root, 'tools/build/build.mjs')], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
if (!service || service === 'standalone' || !existsSync(entry)) {
  console.error('usage: npm run start:service -- <api-gateway|osquery-ingest|live-query|mdm-apple|mdm-windows|mdm-android|scep-proxy|vpp-sync|vuln|log-shipper|edge>');
  process.exit(2);
}
const child = spawn(process.execPath, ['--enable-source-maps', entry], { stdio: 'inherit' });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code) => process.exit(code ?? 1));
