import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { USER_SCHEMA } from '../auth/auth.openapi';
import { AUTH_BODY_LIMIT } from '../auth/auth.params';
import { Public } from '../auth/public.decorator';
import { Authorize, CurrentPrincipal } from '../authz/authorize.decorator';
import type { Principal } from '../authz/principal';
import { EMPTY_OBJECT_SCHEMA, FLEET_ERROR_SCHEMA } from '../common/fleet.openapi';
import { parseOrFail } from '../common/zod-details';
import { rolesFromBody } from '../users/role-assignment';
import type { FleetUser } from '../users/user-view';
import { UsersError } from '../users/users.errors';
import { createFromInviteBodySchema, idParamSchema, inviteBodySchema, modifyInviteBodySchema } from '../users/users.params';
import { InvitesService, type FleetInvite } from './invites.service';

const INVITE_SCHEMA = {
  type: 'object',
  required: ['id', 'email', 'global_role', 'teams'],
  properties: {
    id: { type: 'integer' },
    created_at: { type: 'string', format: 'date-time' },
    updated_at: { type: 'string', format: 'date-time' },
    invited_by: { type: ['integer', 'null'] },
    email: { type: 'string' },
    name: { type: 'string' },
    position: { type: 'string' },
    sso_enabled: { type: 'boolean' },
    mfa_enabled: { type: 'boolean' },
    global_role: { type: ['string', 'null'] },
    teams: { type: 'array', items: { type: 'object', properties: { id: { type: 'integer' }, name: { type: 'string' }, role: { type: 'string' } } } },
  },
};
const INVITE_RESPONSE = { type: 'object', required: ['invite'], properties: { invite: INVITE_SCHEMA } };
const inviteId = (raw: string): number => parseOrFail(idParamSchema, raw, (d) => UsersError.invalidParameters(d.map((e) => ({ ...e, name: 'id' }))));

/** Invites (`/invites…`) and accepting one (`POST /users` with the invite token). */
@ApiTags('users')
@Controller(['api/v1/fleet', 'api/latest/fleet'])
export class InvitesController {
  constructor(private readonly invites: InvitesService) {}

  @Post('invites')
  @HttpCode(200)
  @Authorize('invite.write')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Invite someone by email with a global role or team roles (needs SMTP)' })
  @ApiResponse({ status: 200, schema: INVITE_RESPONSE })
  @ApiResponse({ status: 409, schema: FLEET_ERROR_SCHEMA })
  @ApiResponse({ status: 422, description: 'SMTP not configured, or bad roles', schema: FLEET_ERROR_SCHEMA })
  async create(@CurrentPrincipal() principal: Principal, @Body() body: unknown): Promise<{ invite: FleetInvite }> {
    const b = parseOrFail(inviteBodySchema, body ?? {}, UsersError.invalidBody);
    return { invite: await this.invites.create(principal, { ...rolesFromBody(b), email: b.email, name: b.name, position: b.position, ssoEnabled: b.sso_enabled, mfaEnabled: b.mfa_enabled }) };
  }

  @Get('invites')
  @Authorize('invite.write')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Pending invites (team admins: those for their teams)' })
  @ApiResponse({ status: 200, schema: { type: 'object', required: ['invites'], properties: { invites: { type: 'array', items: INVITE_SCHEMA } } } })
  async list(@CurrentPrincipal() principal: Principal): Promise<{ invites: FleetInvite[] }> {
    return { invites: await this.invites.list(principal) };
  }

  @Get('invites/:token')
  @Public()
  @ApiOperation({ summary: 'Check an invite token (the sign-up page)' })
  @ApiParam({ name: 'token', type: 'string' })
  @ApiResponse({ status: 200, schema: INVITE_RESPONSE })
  @ApiResponse({ status: 404, schema: FLEET_ERROR_SCHEMA })
  async verify(@Param('token') token: string): Promise<{ invite: FleetInvite }> {
    return { invite: await this.invites.verify(token) };
  }

  @Patch('invites/:id')
  @Authorize('invite.write')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Modify an invite' })
  @ApiParam({ name: 'id', type: 'integer' })
  @ApiResponse({ status: 200, schema: INVITE_RESPONSE })
  async modify(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() body: unknown): Promise<{ invite: FleetInvite }> {
    const b = parseOrFail(modifyInviteBodySchema, body ?? {}, UsersError.invalidBody);
    const roles = b.global_role !== undefined || b.teams !== undefined ? rolesFromBody(b) : {};
    return { invite: await this.invites.modify(principal, inviteId(id), { ...roles, email: b.email, name: b.name, position: b.position, ssoEnabled: b.sso_enabled, mfaEnabled: b.mfa_enabled }) };
  }

  @Delete('invites/:id')
  @Authorize('invite.write')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Delete an invite (its token stops working)' })
  @ApiParam({ name: 'id', type: 'integer' })
  @ApiResponse({ status: 200, schema: EMPTY_OBJECT_SCHEMA })
  async delete(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<Record<string, never>> {
    await this.invites.delete(principal, inviteId(id));
    return {};
  }

  @Post('users')
  @HttpCode(200)
  @Public()
  @RouteConfig({ bodyLimit: AUTH_BODY_LIMIT })
  @ApiOperation({ summary: 'Create one’s account from an invite (email, invite_token, name, password)' })
  @ApiResponse({ status: 200, schema: { type: 'object', required: ['user'], properties: { user: USER_SCHEMA } } })
  @ApiResponse({ status: 404, description: 'invalid invite token', schema: FLEET_ERROR_SCHEMA })
  @ApiResponse({ status: 422, schema: FLEET_ERROR_SCHEMA })
  async accept(@Body() body: unknown): Promise<{ user: FleetUser }> {
    const b = parseOrFail(createFromInviteBodySchema, body ?? {}, UsersError.invalidBody);
    return { user: await this.invites.accept({ email: b.email, token: b.invite_token, name: b.name, password: b.password, position: b.position }) };
  }
}
