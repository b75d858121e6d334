import { BeforeApplicationShutdown, Controller, Get, Param, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Authorize, CurrentPrincipal } from '../authz/authorize.decorator';
import type { Principal } from '../authz/principal';
import { FLEET_ERROR_SCHEMA } from '../common/fleet.openapi';
import { CampaignStreamService, type CampaignStream } from './campaign-stream.service';
import { pathId } from './live-queries.params';

/** A client this far behind (unsent bytes) is dropped rather than buffered without end. */
const MAX_PENDING_BYTES = 32 * 1024 * 1024;

/**
 * Server-Sent Events for clients without WebSockets: the same messages as the results
 * WebSocket (`event: totals|status|result|error`, JSON data), authenticated like any admin route.
 * Closing the connection stops the campaign.
 */
@ApiTags('live queries')
@ApiBearerAuth()
@ApiResponse({ status: 401, description: 'missing or invalid API token', schema: FLEET_ERROR_SCHEMA })
@Controller()
export class CampaignResultsController implements BeforeApplicationShutdown {
  private readonly open = new Set<() => Promise<void>>();

  constructor(private readonly streams: CampaignStreamService) {}

  @Get('api/latest/flotilla/campaigns/:id/results')
  @Authorize('query.run_saved')
  @ApiOperation({
    summary: 'Stream a live query campaign’s results as Server-Sent Events (event: totals, status, result, error); closing the connection stops the campaign. Only its creator or a global admin.',
  })
  @ApiParam({ name: 'id', type: 'integer', description: 'campaign id (from POST /queries/run)' })
  @ApiProduces('text/event-stream')
  @ApiResponse({ status: 200, description: 'an event stream: `event: <type>` and `data: <JSON>` per message; `: keepalive` comments every 5 s', schema: { type: 'string' } })
  @ApiResponse({ status: 404, description: 'no such campaign (it ended, or never existed)', schema: FLEET_ERROR_SCHEMA })
  async results(@CurrentPrincipal() principal: Principal, @Param('id') raw: string, @Res() reply: FastifyReply): Promise<void> {
    const campaign = await this.streams.find(principal, pathId(raw, 'id'));
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    if (reply.request.method === 'HEAD') {
      res.end();
      return;
    }
    const write = (chunk: string): void => {
      if (res.writableEnded || res.destroyed) return;
      if (res.writableLength > MAX_PENDING_BYTES) {
        res.destroy();
        return;
      }
      res.write(chunk);
    };
    const event = (type: string, data: unknown): void => write(`event: ${type}\ndata: ${JSON.stringify(data)}\n\n`);
    let stream: CampaignStream;
    try {
      stream = await this.streams.open(campaign, {
        totals: (d) => event('totals', d),
        status: (d) => event('status', d),
        result: (d) => event('result', d),
        keepalive: () => write(': keepalive\n\n'),
      });
    } catch {
      event('error', 'could not follow the campaign’s results; retry later');
      res.end();
      return;
    }
    const end = async (): Promise<void> => {
      if (!this.open.delete(end)) return;
      if (!res.writableEnded) res.end();
      await stream.close();
    };
    this.open.add(end);
    res.on('close', () => void end());
    if (res.destroyed) await end();
  }

  /** Open streams end before the HTTP server stops (it would otherwise wait for them). */
  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all([...this.open].map((end) => end()));
  }
}
