import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ME_SCHEMA, SESSION_SCHEMA, USER_SCHEMA } from '../auth/auth.openapi';
import type { FleetSession } from '../auth/sessions.service';
import { Authorize, CurrentPrincipal } from '../authz/authorize.decorator';
import type { Principal } from '../authz/principal';
import { EMPTY_OBJECT_SCHEMA, FLEET_ERROR_SCHEMA } from '../common/fleet.openapi';
import { fleetPageSize } from '../common/query-params';
import { parseOrFail } from '../common/zod-details';
import { rolesFromBody } from './role-assignment';
import type { FleetTeamSummary, FleetUser } from './user-view';

interface FleetUserWithTeams {
  user: FleetUser;
  available_teams: FleetTeamSummary[];
  available_fleets: FleetTeamSummary[];
}
import { UsersError } from './users.errors';
import { createUserBodySchema, idParamSchema, modifyUserBodySchema, requireResetBodySchema, USER_ORDER_KEYS, userListQuerySchema } from './users.params';
import { UsersService } from './users.service';

const userId = (raw: string): number => parseOrFail(idParamSchema, raw, (d) => UsersError.invalidParameters(d.map((e) => ({ ...e, name: 'id' }))));
const USER_RESPONSE = { type: 'object', required: ['user'], properties: { user: USER_SCHEMA } };

/** Fleet's users API (`/users`, `/users/admin`, `/users/:id…`). Accepting an invite (`POST /users`) lives in InvitesController. */
@ApiTags('users')
@ApiBearerAuth()
@ApiResponse({ status: 401, description: 'missing or invalid API token', schema: FLEET_ERROR_SCHEMA })
@Controller(['api/v1/fleet/users', 'api/latest/fleet/users'])
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @Authorize('user.read')
  @ApiOperation({ summary: 'List users (team users: the members of their teams)' })
  @ApiQuery({ name: 'page', required: false, type: 'integer' })
  @ApiQuery({ name: 'per_page', required: false, type: 'integer' })
  @ApiQuery({ name: 'order_key', required: false, enum: USER_ORDER_KEYS })
  @ApiQuery({ name: 'order_direction', required: false, enum: ['asc', 'desc'] })
  @ApiQuery({ name: 'query', required: false, type: 'string', description: 'name or email contains' })
  @ApiQuery({ name: 'team_id', required: false, type: 'integer' })
  @ApiResponse({ status: 200, schema: { type: 'object', required: ['users'], properties: { users: { type: 'array', items: USER_SCHEMA } } } })
  async list(@CurrentPrincipal() principal: Principal, @Query() raw: Record<string, unknown>): Promise<{ users: FleetUser[] }> {
    const q = parseOrFail(userListQuerySchema, raw, UsersError.invalidParameters);
    const perPage = fleetPageSize(q);
    return {
      users: await this.users.list(principal, {
        ...(q.query ? { query: q.query } : {}),
        ...(q.order_key ? { orderKey: q.order_key } : {}),
        ...(q.order_direction ? { orderDirection: q.order_direction } : {}),
        ...(perPage !== undefined ? { perPage, page: q.page ?? 0 } : {}),
        ...(q.team_id !== undefined ? { teamId: q.team_id } : {}),
      }),
    };
  }

  @Post('admin')
  @HttpCode(200)
  @Authorize('user.write')
  @ApiOperation({ summary: 'Create a user (global_role or teams; api_only users get their token in the answer)' })
  @ApiResponse({ status: 200, schema: { ...USER_RESPONSE, properties: { ...USER_RESPONSE.properties, token: { type: 'string' } } } })
  @ApiResponse({ status: 409, description: 'email taken', schema: FLEET_ERROR_SCHEMA })
  @ApiResponse({ status: 422, schema: FLEET_ERROR_SCHEMA })
  async create(@CurrentPrincipal() principal: Principal, @Body() body: unknown): Promise<{ user: FleetUser; token?: string }> {
    const b = parseOrFail(createUserBodySchema, body ?? {}, UsersError.invalidBody);
    return this.users.create(principal, {
      ...rolesFromBody(b),
      name: b.name,
      email: b.email,
      password: b.password,
      position: b.position,
      ssoEnabled: b.sso_enabled,
      mfaEnabled: b.mfa_enabled,
      apiOnly: b.api_only,
      forcePasswordReset: b.admin_forced_password_reset,
    });
  }

  @Get(':id')
  @Authorize('user.read')
  @ApiOperation({ summary: 'Get a user' })
  @ApiParam({ name: 'id', type: 'integer' })
  @ApiResponse({ status: 200, schema: ME_SCHEMA })
  @ApiResponse({ status: 404, schema: FLEET_ERROR_SCHEMA })
  async get(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<FleetUserWithTeams> {
    const { user, availableTeams } = await this.users.get(principal, userId(id));
    return { user, available_teams: availableTeams, available_fleets: availableTeams };
  }

  @Patch(':id')
  @Authorize('self')
  @ApiOperation({ summary: 'Modify a user: name, email, position, roles, sso/mfa, new_password (own email/password: give the current password as password)' })
  @ApiParam({ name: 'id', type: 'integer' })
  @ApiResponse({ status: 200, schema: USER_RESPONSE })
  @ApiResponse({ status: 422, schema: FLEET_ERROR_SCHEMA })
  async modify(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() body: unknown): Promise<{ user: FleetUser }> {
    const b = parseOrFail(modifyUserBodySchema, body ?? {}, UsersError.invalidBody);
    const rolesGiven = b.global_role !== undefined || b.teams !== undefined;
    return {
      user: await this.users.modify(principal, userId(id), {
        name: b.name,
        email: b.email,
        position: b.position,
        roles: rolesGiven ? rolesFromBody(b) : undefined,
        ssoEnabled: b.sso_enabled,
        mfaEnabled: b.mfa_enabled,
        password: b.password,
        newPassword: b.new_password,
        settings: b.settings,
      }),
    };
  }

  @Delete(':id')
  @Authorize('user.write')
  @ApiOperation({ summary: 'Delete a user (its sessions end at once)' })
  @ApiParam({ name: 'id', type: 'integer' })
  @ApiResponse({ status: 200, schema: EMPTY_OBJECT_SCHEMA })
  async delete(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<Record<string, never>> {
    await this.users.delete(principal, userId(id));
    return {};
  }

  @Post(':id/require_password_reset')
  @HttpCode(200)
  @Authorize('user.write')
  @ApiOperation({ summary: 'Require (or stop requiring) a password reset at next login; requiring signs the user out' })
  @ApiParam({ name: 'id', type: 'integer' })
  @ApiResponse({ status: 200, schema: USER_RESPONSE })
  async requirePasswordReset(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() body: unknown): Promise<{ user: FleetUser }> {
    const { require } = parseOrFail(requireResetBodySchema, body ?? {}, UsersError.invalidBody);
    return { user: await this.users.requirePasswordReset(principal, userId(id), require) };
  }

  @Get(':id/sessions')
  @Authorize('self')
  @ApiOperation({ summary: 'Sessions of a user (one’s own, or of a user one manages)' })
  @ApiParam({ name: 'id', type: 'integer' })
  @ApiResponse({ status: 200, schema: { type: 'object', required: ['sessions'], properties: { sessions: { type: 'array', items: SESSION_SCHEMA } } } })
  async sessions(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<{ sessions: FleetSession[] }> {
    return { sessions: await this.users.sessionsOf(principal, userId(id)) };
  }

  @Delete(':id/sessions')
  @Authorize('self')
  @ApiOperation({ summary: 'Revoke every session of a user (one’s own, or of a user one manages)' })
  @ApiParam({ name: 'id', type: 'integer' })
  @ApiResponse({ status: 200, schema: EMPTY_OBJECT_SCHEMA })
  async revokeSessions(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<Record<string, never>> {
    await this.users.revokeSessions(principal, userId(id));
    return {};
  }
}
