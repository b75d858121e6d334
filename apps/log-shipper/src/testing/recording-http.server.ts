import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
  /** The status answered, or 'drop'. */
  reply: number | 'drop';
}

/** What the server does with one request: answer, or drop the connection (a network error for the client). */
export type Reply = { status: number; headers?: Record<string, string>; body?: string } | 'drop';

/**
 * A real HTTP server on 127.0.0.1 for destination tests: records every request it receives and
 * answers from a queue of scripted replies (e.g. "fail the first N"), then with `respond`.
 */
export class RecordingHttpServer {
  readonly requests: RecordedRequest[] = [];
  private readonly server: Server;
  private readonly script: Reply[] = [];

  constructor(private respond: (req: RecordedRequest) => Reply = () => ({ status: 200, body: '{}' })) {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const recorded: RecordedRequest = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now(), reply: 'drop' };
        const reply = this.script.shift() ?? this.respond(recorded);
        recorded.reply = reply === 'drop' ? 'drop' : reply.status;
        this.requests.push(recorded);
        if (reply === 'drop') {
          req.socket.destroy();
          return;
        }
        res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers }).end(reply.body ?? '');
      });
    });
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** The next requests get these replies, in order. */
  then(...replies: Reply[]): this {
    this.script.push(...replies);
    return this;
  }

  /** Replaces the default reply (e.g. to bring a "down" destination back). */
  answer(respond: (req: RecordedRequest) => Reply): void {
    this.respond = respond;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}
