// The reference point of the ingest benchmark: the cheapest Node HTTP server there is, answering
// every request with `{}` once its body has been read (no parsing, no framework).
import { createServer } from 'node:http';

const BODY = Buffer.from('{}');
const server = createServer((req, res) => {
  req.on('data', () => undefined);
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': BODY.length });
    res.end(BODY);
  });
});
server.keepAliveTimeout = 65_000;
server.listen(Number(process.env['PORT'] ?? 0), '127.0.0.1', () => {
  const addr = server.address();
  process.stdout.write(`listening ${typeof addr === 'object' && addr ? addr.port : ''}\n`);
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
