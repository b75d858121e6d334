import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Authorize, CurrentPrincipal } from '../authz/authorize.decorator';
import type { Principal } from '../authz/principal';
import { FLEET_ERROR_SCHEMA } from '../common/fleet.openapi';
import { CampaignTargetsService } from './campaign-targets.service';
import { toFleetCampaign, type FleetCampaign } from './campaign-view.mapper';
import { CampaignsService, type StartedCampaign } from './campaigns.service';
import {
  ApiLiveQueryBody,
  CAMPAIGN_RESPONSE_SCHEMA,
  RUN_BODY_SCHEMA,
  RUN_BY_IDENTIFIERS_BODY_SCHEMA,
  TARGETS_BODY_SCHEMA,
  TARGETS_COUNT_BODY_SCHEMA,
  TARGETS_COUNT_SCHEMA,
  TARGETS_SCHEMA,
} from './live-queries.openapi';
import { FLEET_PREFIXES, parseBody, queryPaths, runBodySchema, runByIdentifiersBodySchema, targetsBodySchema, targetsCountBodySchema } from './live-queries.params';
import { TargetsService, type FleetTargetMetrics, type FleetTargets } from './targets.service';

const campaignBody = (started: StartedCampaign): { campaign: FleetCampaign } => ({ campaign: toFleetCampaign(started.campaign, started.targets.newHosts) });

/** Fleet's live-query campaigns (results follow on the results WebSocket or the SSE route) and its target picker. */
@ApiTags('live queries')
@ApiBearerAuth()
@ApiResponse({ status: 401, description: 'missing or invalid API token', schema: FLEET_ERROR_SCHEMA })
@Controller()
export class LiveQueriesController {
  constructor(
    private readonly campaigns: CampaignsService,
    private readonly targets: CampaignTargetsService,
    private readonly picker: TargetsService,
  ) {}

  @Post(queryPaths('/run'))
  @HttpCode(200)
  @Authorize('query.run_saved')
  @ApiOperation({
    summary:
      'Start a live query campaign on the selected hosts, labels and teams: new SQL (query.run) or a saved query (query.run_saved when observers may run it). Results stream on /results/websocket or /api/latest/flotilla/campaigns/{id}/results.',
  })
  @ApiLiveQueryBody(RUN_BODY_SCHEMA)
  @ApiResponse({ status: 200, schema: CAMPAIGN_RESPONSE_SCHEMA })
  @ApiResponse({ status: 404, description: 'query_id names no saved query', schema: FLEET_ERROR_SCHEMA })
  async run(@CurrentPrincipal() principal: Principal, @Body() body: unknown): Promise<{ campaign: FleetCampaign }> {
    const { what, selected } = parseBody(runBodySchema, body);
    return campaignBody(await this.campaigns.create(principal, what, selected));
  }

  @Post(queryPaths('/run_by_identifiers'))
  @HttpCode(200)
  @Authorize('query.run_saved')
  @ApiOperation({ summary: 'Start a live query campaign on hosts named by hostname, UUID, serial or osquery id, and labels named by name (fleetctl query)' })
  @ApiLiveQueryBody(RUN_BY_IDENTIFIERS_BODY_SCHEMA)
  @ApiResponse({ status: 200, schema: CAMPAIGN_RESPONSE_SCHEMA })
  async runByIdentifiers(@CurrentPrincipal() principal: Principal, @Body() body: unknown): Promise<{ campaign: FleetCampaign }> {
    const parsed = parseBody(runByIdentifiersBodySchema, body);
    const labels = await this.targets.labelIdsByNames(parsed.labels);
    const hosts = await this.targets.hostIdsByIdentifiers(parsed.hosts);
    return campaignBody(await this.campaigns.create(principal, parsed.what, { hosts, labels, teams: [] }));
  }

  @Post(FLEET_PREFIXES.map((p) => `${p}/targets`))
  @HttpCode(200)
  @Authorize('host.read')
  @ApiOperation({ summary: 'Search hosts, labels and teams to target (those not selected yet), with the metrics of the current selection' })
  @ApiLiveQueryBody(TARGETS_BODY_SCHEMA)
  @ApiResponse({ status: 200, schema: TARGETS_SCHEMA })
  async search(@CurrentPrincipal() principal: Principal, @Body() body: unknown): Promise<FleetTargets> {
    const { search, selected } = parseBody(targetsBodySchema, body);
    return this.picker.search(principal, search, selected);
  }

  @Post(FLEET_PREFIXES.map((p) => `${p}/targets/count`))
  @HttpCode(200)
  @Authorize('host.read')
  @ApiOperation({ summary: 'Count the hosts a selection targets: total, online, offline, missing in action' })
  @ApiLiveQueryBody(TARGETS_COUNT_BODY_SCHEMA)
  @ApiResponse({ status: 200, schema: TARGETS_COUNT_SCHEMA })
  count(@CurrentPrincipal() principal: Principal, @Body() body: unknown): Promise<FleetTargetMetrics> {
    return this.picker.count(principal, parseBody(targetsCountBodySchema, body).selected);
  }
}
