import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Logger } from '@flotilla/platform-logging';
import { LOGGER } from '@flotilla/platform-server';
import { WebSocketServer } from 'ws';
import { SessionAuthService } from '../auth/session-auth.service';
import { CampaignStreamService } from './campaign-stream.service';
import { ResultsSocketConnection } from './results-socket.connection';
import { MAX_FRAME_BYTES, RESULTS_SOCKET_PATHS } from './results-socket.protocol';

/** Open result sockets per process (each holds a campaign subscription). */
export const MAX_CONNECTIONS = 1_000;

type UpgradeListener = (req: IncomingMessage, socket: Duplex, head: Buffer) => void;

/**
 * Serves Fleet's live-query results WebSocket on the HTTP server Nest listens with: upgrades of
 * `/api/{latest,v1}/fleet/results/websocket` are accepted (authentication happens inside the
 * socket); other upgrades are left to whoever else listens (refused with 404 when nobody does).
 * Sockets are closed before the HTTP server stops, so shutdown does not wait for clients.
 */
@Injectable()
export class ResultsSocketServer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private wss: WebSocketServer | undefined;
  private server: Server | undefined;
  private listener: UpgradeListener | undefined;
  private readonly connections = new Set<ResultsSocketConnection>();

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly auth: SessionAuthService,
    private readonly streams: CampaignStreamService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    const server = this.adapterHost.httpAdapter?.getHttpServer() as Server | undefined;
    if (!server || typeof server.on !== 'function') return;
    this.server = server;
    this.wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES, perMessageDeflate: false });
    this.listener = (req, socket, head) => this.upgrade(req, socket, head);
    server.on('upgrade', this.listener);
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.server && this.listener) this.server.off('upgrade', this.listener);
    const open = [...this.connections];
    for (const c of open) c.shutdown();
    await Promise.race([Promise.all(open.map((c) => c.closed)), new Promise((r) => setTimeout(r, 2_000).unref())]);
    this.wss?.close();
  }

  /** How many result sockets are open (metrics, tests). */
  get openConnections(): number {
    return this.connections.size;
  }

  private upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const path = (req.url ?? '').split('?')[0] ?? '';
    if (!RESULTS_SOCKET_PATHS.includes(path)) {
      // Not ours: another listener may take it; when there is none, answer as a server without WebSockets would.
      if ((this.server?.listenerCount('upgrade') ?? 0) <= 1) refuse(socket, 404, 'Not Found');
      return;
    }
    const wss = this.wss;
    if (!wss) return refuse(socket, 503, 'Service Unavailable');
    if (this.connections.size >= MAX_CONNECTIONS) {
      this.logger.warn({ open: this.connections.size }, 'live query results socket refused: too many open');
      return refuse(socket, 503, 'Service Unavailable');
    }
    socket.on('error', (err) => this.logger.debug({ err }, 'live query results socket error during upgrade'));
    wss.handleUpgrade(req, socket, head, (ws) => {
      const connection = new ResultsSocketConnection(ws, { auth: this.auth, streams: this.streams, logger: this.logger });
      this.connections.add(connection);
      void connection.closed.then(() => this.connections.delete(connection));
    });
  }
}

function refuse(socket: Duplex, status: number, text: string): void {
  if (!socket.destroyed) socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}
