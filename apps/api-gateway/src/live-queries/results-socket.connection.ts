import { FlotillaError } from '@flotilla/platform-errors';
import type { Logger } from '@flotilla/platform-logging';
import { WebSocket, type RawData } from 'ws';
import { canSomewhere } from '../authz/authorizer';
import type { Principal } from '../authz/principal';
import type { SessionAuthService } from '../auth/session-auth.service';
import type { CampaignStream, CampaignStreamService } from './campaign-stream.service';
import { encode, parseClientMessage, type ClientMessage, type ServerMessage } from './results-socket.protocol';

/** A client must authenticate this soon after connecting. */
export const AUTH_TIMEOUT_MS = 30_000;
/** A client this far behind (unsent bytes) is dropped rather than buffered without end. */
export const MAX_BUFFERED_BYTES = 32 * 1024 * 1024;
/** Close codes: policy violation (auth, permission), going away (shutdown). */
const POLICY = 1008;

export interface ResultsSocketDeps {
  auth: SessionAuthService;
  streams: CampaignStreamService;
  logger: Logger;
}

type State = 'auth' | 'select' | 'streaming' | 'closed';

/**
 * One client of the results WebSocket: `auth`, then `select_campaign`, then results until either
 * side closes (which stops the campaign). Frames are handled one at a time; a malformed frame
 * gets an `error` message and is otherwise ignored; a failed authentication or a campaign the
 * client may not read gets an `error` message and the socket is closed.
 */
export class ResultsSocketConnection {
  private state: State = 'auth';
  private principal: Principal | undefined;
  private stream: CampaignStream | undefined;
  private queue: Promise<void> = Promise.resolve();
  private readonly authTimer: NodeJS.Timeout;
  readonly closed: Promise<void>;

  constructor(
    private readonly ws: WebSocket,
    private readonly deps: ResultsSocketDeps,
  ) {
    this.authTimer = setTimeout(() => this.fail('authentication timed out: send {"type":"auth","data":{"token":"…"}} first'), AUTH_TIMEOUT_MS);
    this.authTimer.unref();
    ws.on('message', (data: RawData, isBinary: boolean) => {
      this.queue = this.queue.then(() => this.handle(data, isBinary)).catch((err: unknown) => this.internal(err));
    });
    ws.on('error', (err) => this.deps.logger.debug({ err }, 'live query results socket error'));
    this.closed = new Promise((resolve) => ws.once('close', () => void this.cleanup().finally(resolve)));
  }

  /** Ends the connection (server shutdown). */
  shutdown(): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.close(1001, 'server shutting down');
  }

  private async handle(data: RawData, isBinary: boolean): Promise<void> {
    if (this.state === 'closed') return;
    const raw = Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
    const message = parseClientMessage(raw, isBinary);
    if ('problem' in message) return this.send({ type: 'error', data: message.problem });
    if (message.type === 'auth') return this.authenticate(message);
    return this.select(message);
  }

  private async authenticate(message: Extract<ClientMessage, { type: 'auth' }>): Promise<void> {
    if (this.state !== 'auth') return this.send({ type: 'error', data: 'already authenticated' });
    let principal: Principal;
    try {
      principal = await this.deps.auth.authenticateToken(message.data.token);
    } catch (err) {
      if (err instanceof FlotillaError && err.status < 500) return this.fail('invalid or expired API token');
      throw err;
    }
    if (principal.user?.forcePasswordReset) return this.fail('password reset required');
    if (!canSomewhere(principal, 'query.run_saved')) return this.fail('forbidden: your role may not read live query results');
    clearTimeout(this.authTimer);
    this.principal = principal;
    this.state = 'select';
  }

  private async select(message: Extract<ClientMessage, { type: 'select_campaign' }>): Promise<void> {
    if (this.state === 'auth' || !this.principal) return this.fail('authenticate first: send {"type":"auth","data":{"token":"…"}}');
    if (this.state !== 'select') return this.send({ type: 'error', data: 'a campaign is already selected on this connection' });
    let stream: CampaignStream;
    try {
      const campaign = await this.deps.streams.find(this.principal, message.data.campaign_id);
      stream = await this.deps.streams.open(campaign, {
        totals: (data) => this.send({ type: 'totals', data }),
        status: (data) => this.send({ type: 'status', data }),
        result: (data) => this.send({ type: 'result', data }),
      });
    } catch (err) {
      if (err instanceof FlotillaError && err.status < 500) return this.fail(reasonOf(err));
      throw err;
    }
    // The socket may have closed while the campaign was looked up.
    if ((this.state as State) === 'closed') {
      await stream.close();
      return;
    }
    this.stream = stream;
    this.state = 'streaming';
  }

  private send(message: ServerMessage): void {
    if (this.ws.readyState !== WebSocket.OPEN) return;
    if (this.ws.bufferedAmount > MAX_BUFFERED_BYTES) {
      this.deps.logger.warn({ campaignId: this.stream?.campaign.id }, 'live query results client too slow: disconnected');
      this.ws.terminate();
      return;
    }
    this.ws.send(encode(message));
  }

  /** Tells the client why, then closes. */
  private fail(reason: string): void {
    this.send({ type: 'error', data: reason });
    if (this.ws.readyState === WebSocket.OPEN) this.ws.close(POLICY, 'refused: see the error message');
    this.state = 'closed';
  }

  private internal(err: unknown): void {
    this.deps.logger.error({ err }, 'live query results socket failed');
    this.send({ type: 'error', data: 'internal error: the results stream stopped; see the server logs' });
    if (this.ws.readyState === WebSocket.OPEN) this.ws.close(1011, 'internal error');
  }

  private async cleanup(): Promise<void> {
    this.state = 'closed';
    clearTimeout(this.authTimer);
    await this.stream?.close();
  }
}

function reasonOf(err: FlotillaError): string {
  return err.details[0]?.reason ?? err.message;
}
