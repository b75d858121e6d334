import { connect, Socket } from 'node:net';

export interface SaturationResult {
  requests: number;
  errors: number;
  /** Responses whose body was longer than `{}`-sized answers (e.g. detail queries handed out). */
  nonEmpty: number;
  seconds: number;
  rps: number;
}

/**
 * Closed-loop HTTP/1.1 load on raw keep-alive sockets with pre-built requests: `connections`
 * sockets, each sending its next request as soon as the previous response is complete. The
 * client does almost no work per request (no header objects, no JSON), so one core can push a
 * single-core Node server to saturation. Every request sends the next of `bodies`, in turn.
 */
export async function saturate(port: number, path: string, bodies: readonly string[], connections: number, durationMs: number, emptyBodyMax = 40): Promise<SaturationResult> {
  const requests = bodies.map((b) =>
    Buffer.from(`POST ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nUser-Agent: osquery/5.12.1\r\nContent-Length: ${Buffer.byteLength(b)}\r\n\r\n${b}`, 'latin1'),
  );
  let next = 0;
  let done = 0;
  let errors = 0;
  let nonEmpty = 0;
  let stopping = false;
  const started = performance.now();
  const sockets: Socket[] = [];

  await Promise.all(
    Array.from({ length: connections }, () =>
      new Promise<void>((resolve) => {
        const sock = connect({ port, host: '127.0.0.1', noDelay: true });
        sockets.push(sock);
        let buf = '';
        const send = () => {
          if (stopping) {
            sock.destroy();
            return;
          }
          sock.write(requests[next++ % requests.length] as Buffer);
        };
        sock.setEncoding('latin1');
        sock.on('connect', send);
        sock.on('data', (chunk: string) => {
          buf += chunk;
          for (;;) {
            const headerEnd = buf.indexOf('\r\n\r\n');
            if (headerEnd < 0) return;
            const head = buf.slice(0, headerEnd);
            const m = /content-length:\s*(\d+)/i.exec(head);
            const len = m ? Number(m[1]) : 0;
            if (buf.length < headerEnd + 4 + len) return;
            if (!head.startsWith('HTTP/1.1 200')) errors++;
            else if (len > emptyBodyMax) nonEmpty++;
            done++;
            buf = buf.slice(headerEnd + 4 + len);
            send();
          }
        });
        sock.on('error', () => {
          if (!stopping) errors++;
        });
        sock.on('close', () => resolve());
      }),
    ).concat([
      new Promise<void>((resolve) =>
        setTimeout(() => {
          stopping = true;
          resolve();
        }, durationMs),
      ),
    ]),
  );
  for (const s of sockets) s.destroy();
  const seconds = (performance.now() - started) / 1000;
  return { requests: done, errors, nonEmpty, seconds, rps: done / seconds };
}
