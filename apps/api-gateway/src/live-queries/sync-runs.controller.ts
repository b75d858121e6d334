import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Authorize, CurrentPrincipal } from '../authz/authorize.decorator';
import type { Principal } from '../authz/principal';
import { FLEET_ERROR_SCHEMA } from '../common/fleet.openapi';
import { ApiLiveQueryBody, HOST_QUERY_BODY_SCHEMA, HOST_QUERY_SCHEMA, SYNC_RUN_BODY_SCHEMA, SYNC_RUN_SCHEMA } from './live-queries.openapi';
import { FLEET_PREFIXES, hostQueryBodySchema, parseBody, pathId, queryPaths, syncRunBodySchema } from './live-queries.params';
import { SyncRunsService, type FleetHostQuery, type FleetSyncRun } from './sync-runs.service';

/** Aborts when the client goes away before the answer is sent (the run then stops waiting). */
function clientGone(reply: FastifyReply): AbortSignal {
  const controller = new AbortController();
  reply.raw.once('close', () => {
    if (!reply.raw.writableFinished) controller.abort();
  });
  return controller.signal;
}

/** Fleet's synchronous live queries: they answer once the hosts have (or FLOTILLA_LIVE_QUERY_REST_PERIOD passed). */
@ApiTags('live queries')
@ApiBearerAuth()
@ApiResponse({ status: 401, description: 'missing or invalid API token', schema: FLEET_ERROR_SCHEMA })
@Controller()
export class SyncRunsController {
  constructor(private readonly runs: SyncRunsService) {}

  @Post(queryPaths('/:id/run'))
  @HttpCode(200)
  @Authorize('query.run_saved')
  @ApiOperation({ summary: 'Run a saved query on hosts and wait for their answers (at most FLOTILLA_LIVE_QUERY_REST_PERIOD, 25 s by default)' })
  @ApiParam({ name: 'id', type: 'integer', description: 'saved query id' })
  @ApiLiveQueryBody(SYNC_RUN_BODY_SCHEMA)
  @ApiResponse({ status: 200, schema: SYNC_RUN_SCHEMA })
  @ApiResponse({ status: 404, description: 'no such saved query', schema: FLEET_ERROR_SCHEMA })
  runSaved(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() body: unknown, @Res({ passthrough: true }) reply: FastifyReply): Promise<FleetSyncRun> {
    const queryId = pathId(id, 'id');
    return this.runs.runSaved(principal, queryId, parseBody(syncRunBodySchema, body).host_ids, clientGone(reply));
  }

  @Post(FLEET_PREFIXES.map((p) => `${p}/hosts/:id/query`))
  @HttpCode(200)
  @Authorize('query.run')
  @ApiOperation({ summary: 'Run SQL on one host and wait for its answer (an offline host answers at once with status offline)' })
  @ApiParam({ name: 'id', type: 'integer', description: 'host id' })
  @ApiLiveQueryBody(HOST_QUERY_BODY_SCHEMA)
  @ApiResponse({ status: 200, schema: HOST_QUERY_SCHEMA })
  @ApiResponse({ status: 404, description: 'no such host', schema: FLEET_ERROR_SCHEMA })
  onHost(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() body: unknown, @Res({ passthrough: true }) reply: FastifyReply): Promise<FleetHostQuery> {
    const hostId = pathId(id, 'id');
    return this.runs.runOnHost(principal, { id: hostId }, parseBody(hostQueryBodySchema, body).query, clientGone(reply));
  }

  @Post(FLEET_PREFIXES.map((p) => `${p}/hosts/identifier/:identifier/query`))
  @HttpCode(200)
  @Authorize('query.run')
  @ApiOperation({ summary: 'Run SQL on the host with this hostname, UUID, serial or osquery host id and wait for its answer' })
  @ApiParam({ name: 'identifier', type: 'string' })
  @ApiLiveQueryBody(HOST_QUERY_BODY_SCHEMA)
  @ApiResponse({ status: 200, schema: HOST_QUERY_SCHEMA })
  @ApiResponse({ status: 404, description: 'no such host', schema: FLEET_ERROR_SCHEMA })
  onHostByIdentifier(@CurrentPrincipal() principal: Principal, @Param('identifier') identifier: string, @Body() body: unknown, @Res({ passthrough: true }) reply: FastifyReply): Promise<FleetHostQuery> {
    return this.runs.runOnHost(principal, { identifier }, parseBody(hostQueryBodySchema, body).query, clientGone(reply));
  }
}
