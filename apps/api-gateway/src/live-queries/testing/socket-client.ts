import { WebSocket } from 'ws';

export interface Message {
  type: string;
  data: unknown;
}

/** A results WebSocket client for specs: records every message and the close. */
export class SocketClient {
  readonly messages: Message[] = [];
  readonly closed: Promise<number>;
  private waiters: Array<() => void> = [];

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data) => {
      this.messages.push(JSON.parse(String(data)) as Message);
      this.wake();
    });
    this.closed = new Promise((resolve) => ws.once('close', (code) => (resolve(code), this.wake())));
  }

  static open(url: string): Promise<SocketClient> {
    const ws = new WebSocket(url);
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(new SocketClient(ws)));
      ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
      ws.once('error', reject);
    });
  }

  send(message: unknown): void {
    this.ws.send(typeof message === 'string' || Buffer.isBuffer(message) ? message : JSON.stringify(message));
  }

  get isOpen(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  /** The first message (received so far or later) of `type` matching `match`. */
  async next(type: string, match: (data: unknown) => boolean = () => true, timeoutMs = 4_000): Promise<Message> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.find((m) => m.type === type && match(m.data));
      if (found) return found;
      if (Date.now() > until) throw new Error(`no ${type} message; got ${JSON.stringify(this.messages).slice(0, 500)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 100);
        this.waiters.push(() => (clearTimeout(timer), resolve()));
      });
    }
  }

  close(): Promise<number> {
    this.ws.close();
    return this.closed;
  }

  private wake(): void {
    const waiting = this.waiters;
    this.waiters = [];
    for (const w of waiting) w();
  }
}
