import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Duplex } from 'node:stream';
import type { Logger } from '@flotilla/platform-logging';

/**
 * Proxies HTTP upgrades (WebSockets: the live-query results stream) to the upstream that owns the
 * path: the upgrade request is replayed upstream with X-Forwarded-For appended, the upstream's 101
 * answer is relayed, then bytes flow both ways until either side closes. An unreachable upstream
 * gets the client a 503 and a closed socket.
 */
export function proxyUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, upstreamBase: string, forwardedFor: string, logger: Logger): void {
  const target = new URL(req.url ?? '/', upstreamBase);
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  const upstream = send(target, { method: req.method, headers: { ...req.headers, 'x-forwarded-for': forwardedFor } });
  const fail = (err?: unknown): void => {
    if (err) logger.warn({ err, url: req.url }, 'websocket upstream unavailable');
    if (!socket.destroyed) socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
  };
  upstream.on('error', fail);
  upstream.on('response', (res) => {
    // The upstream refused the upgrade: relay its status line and close.
    socket.end(`HTTP/1.1 ${res.statusCode ?? 502} ${res.statusMessage ?? ''}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    res.resume();
  });
  upstream.on('upgrade', (res, upstreamSocket, upstreamHead) => {
    const lines = [`HTTP/1.1 ${res.statusCode ?? 101} ${res.statusMessage ?? 'Switching Protocols'}`];
    for (let i = 0; i < res.rawHeaders.length; i += 2) lines.push(`${res.rawHeaders[i]}: ${res.rawHeaders[i + 1]}`);
    socket.write(`${lines.join('\r\n')}\r\n\r\n`);
    if (upstreamHead.length > 0) socket.write(upstreamHead);
    if (head.length > 0) upstreamSocket.write(head);
    upstreamSocket.pipe(socket).pipe(upstreamSocket);
    const close = (): void => {
      upstreamSocket.destroy();
      socket.destroy();
    };
    upstreamSocket.on('error', close);
    socket.on('error', close);
    upstreamSocket.on('close', close);
    socket.on('close', close);
  });
  upstream.end();
}
