import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Authorize, CurrentPrincipal } from '../authz/authorize.decorator';
import type { Principal } from '../authz/principal';
import { EMPTY_OBJECT_SCHEMA, FLEET_ERROR_SCHEMA } from '../common/fleet.openapi';
import { HostTransferService } from './host-transfer.service';
import { TRANSFER_BODY_SCHEMA, TRANSFER_FILTER_BODY_SCHEMA } from './teams.openapi';
import { destinationOf, filtersOf, parseBody, transferBodySchema, transferByFilterBodySchema } from './teams.params';

/** Fleet's `POST /hosts/transfer` and `/hosts/transfer/filter`: move hosts to a team or to no team. */
@ApiTags('hosts')
@ApiBearerAuth()
@ApiResponse({ status: 401, description: 'missing or invalid API token', schema: FLEET_ERROR_SCHEMA })
@ApiResponse({ status: 404, description: 'no such destination team', schema: FLEET_ERROR_SCHEMA })
@ApiResponse({ status: 422, schema: FLEET_ERROR_SCHEMA })
@Controller(['api/v1/fleet/hosts/transfer', 'api/latest/fleet/hosts/transfer'])
export class HostTransferController {
  constructor(private readonly transfers: HostTransferService) {}

  @Post()
  @HttpCode(200)
  @Authorize('host.transfer')
  @ApiOperation({ summary: 'Move hosts (by id) to a team; team_id null = no team. Needs the right on the destination and on every team the hosts leave' })
  @ApiBody({ schema: TRANSFER_BODY_SCHEMA })
  @ApiResponse({ status: 200, schema: EMPTY_OBJECT_SCHEMA })
  async transfer(@CurrentPrincipal() principal: Principal, @Body() body: unknown): Promise<Record<string, never>> {
    const parsed = parseBody(transferBodySchema, body);
    await this.transfers.transfer(principal, destinationOf(parsed), parsed.hosts);
    return {};
  }

  @Post('filter')
  @HttpCode(200)
  @Authorize('host.transfer')
  @ApiOperation({ summary: 'Move every host matching the filters (within the caller’s teams) to a team; team_id null = no team' })
  @ApiBody({ schema: TRANSFER_FILTER_BODY_SCHEMA })
  @ApiResponse({ status: 200, schema: EMPTY_OBJECT_SCHEMA })
  async transferByFilter(@CurrentPrincipal() principal: Principal, @Body() body: unknown): Promise<Record<string, never>> {
    const parsed = parseBody(transferByFilterBodySchema, body);
    await this.transfers.transferByFilter(principal, destinationOf(parsed), filtersOf(parsed));
    return {};
  }
}
