import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Req } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { EntityManagerSource } from '@flotilla/platform-db';
import { DATABASE } from '@flotilla/platform-server';
import type { FastifyRequest } from 'fastify';
import { ActivitiesService } from '../activities/activities.service';
import { canOnUser } from '../authz/authorizer';
import { AllowDuringPasswordReset, Authorize, CurrentPrincipal } from '../authz/authorize.decorator';
import { AuthzError } from '../authz/authz.errors';
import type { Principal } from '../authz/principal';
import { EMPTY_OBJECT_SCHEMA, FLEET_ERROR_SCHEMA } from '../common/fleet.openapi';
import { parseOrFail } from '../common/zod-details';
import { availableTeams, toFleetUsers, type FleetTeamSummary, type FleetUser } from '../users/user-view';
import { UsersRepository } from '../users/users.repository';
import { AUTH_BODY_LIMIT, loginBodySchema, positiveIdSchema } from './auth.params';
import { AuthError } from './auth.errors';
import { LoginService } from './login.service';
import { Public } from './public.decorator';
import { SessionsService, toFleetSession, type FleetSession } from './sessions.service';
import { ME_SCHEMA, SESSION_SCHEMA } from './auth.openapi';

/** What `/login` and `/me` answer. */
export interface FleetMe {
  user: FleetUser | null;
  available_teams: FleetTeamSummary[];
  available_fleets: FleetTeamSummary[];
}

const forbidden = (): Error => AuthzError.forbidden();
const sessionId = (raw: string): number => parseOrFail(positiveIdSchema, raw, (d) => AuthError.invalidBody(d.map((e) => ({ ...e, name: 'id' }))));

/** Login, logout, the current user and sessions (Fleet's `/login`, `/logout`, `/me`, `/sessions/:id`). */
@ApiTags('sessions')
@Controller(['api/v1/fleet', 'api/latest/fleet'])
export class SessionController {
  constructor(
    private readonly login: LoginService,
    private readonly sessions: SessionsService,
    private readonly users: UsersRepository,
    private readonly activities: ActivitiesService,
    @Inject(DATABASE) private readonly db: EntityManagerSource,
  ) {}

  @Post('login')
  @HttpCode(200)
  @Public()
  @RouteConfig({ bodyLimit: AUTH_BODY_LIMIT })
  @ApiOperation({ summary: 'Log in with email and password: the user, its teams and a session token (the API token)' })
  @ApiResponse({ status: 200, schema: { ...ME_SCHEMA, required: ['user', 'available_teams', 'token'], properties: { ...ME_SCHEMA.properties, token: { type: 'string' } } } })
  @ApiResponse({ status: 401, description: 'wrong email or password (one answer for every failure)', schema: FLEET_ERROR_SCHEMA })
  @ApiResponse({ status: 429, description: 'too many attempts from this IP or for this email (Retry-After)', schema: FLEET_ERROR_SCHEMA })
  async logIn(@Body() body: unknown, @Req() request: FastifyRequest): Promise<FleetMe & { token: string }> {
    const { email, password } = parseOrFail(loginBodySchema, body ?? {}, AuthError.invalidBody);
    const { user, token } = await this.login.login(email, password, request.ip);
    return { ...(await this.me(user)), token };
  }

  @Post('logout')
  @HttpCode(200)
  @Authorize('self')
  @AllowDuringPasswordReset()
  @ApiBearerAuth()
  @ApiOperation({ summary: 'End the calling session (its token stops working at once)' })
  @ApiResponse({ status: 200, schema: EMPTY_OBJECT_SCHEMA })
  async logOut(@CurrentPrincipal() principal: Principal): Promise<Record<string, never>> {
    await this.sessions.revoke(principal.sessionId);
    await this.activities.record(principal, 'user_logged_out', {});
    return {};
  }

  @Get('me')
  @Authorize('self')
  @AllowDuringPasswordReset()
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The calling user and the teams it can work with' })
  @ApiResponse({ status: 200, schema: ME_SCHEMA })
  async getMe(@CurrentPrincipal() principal: Principal): Promise<FleetMe> {
    const user = principal.user ? await this.users.findById(principal.user.id) : null;
    return this.me(user);
  }

  @Get('sessions/:id')
  @Authorize('self')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'A session (one’s own; admins: anyone’s they manage)' })
  @ApiResponse({ status: 200, schema: SESSION_SCHEMA })
  @ApiResponse({ status: 404, schema: FLEET_ERROR_SCHEMA })
  async getSession(@CurrentPrincipal() principal: Principal, @Param('id') raw: string): Promise<FleetSession> {
    return toFleetSession(await this.manageableSession(principal, sessionId(raw)));
  }

  @Delete('sessions/:id')
  @Authorize('self')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Revoke a session (one’s own; admins: anyone’s they manage)' })
  @ApiResponse({ status: 200, schema: EMPTY_OBJECT_SCHEMA })
  @ApiResponse({ status: 404, schema: FLEET_ERROR_SCHEMA })
  async deleteSession(@CurrentPrincipal() principal: Principal, @Param('id') raw: string): Promise<Record<string, never>> {
    const session = await this.manageableSession(principal, sessionId(raw));
    await this.sessions.revoke(session.id);
    await this.activities.record(principal, 'revoked_sessions', { user_id: session.userId, session_ids: [session.id] });
    return {};
  }

  /** A session the caller may see: its own, or one of a user it may manage (`user.write` on all that user's scopes). */
  private async manageableSession(principal: Principal, id: number): Promise<NonNullable<Awaited<ReturnType<SessionsService['get']>>>> {
    const session = await this.sessions.get(id);
    if (!session) throw AuthError.sessionNotFound(id);
    if (session.userId !== null && session.userId === principal.user?.id) return session;
    const owner = session.userId === null ? null : await this.users.findById(session.userId);
    if (!canOnUser(principal, 'user.write', owner ?? { globalRole: null, teams: [] })) throw forbidden();
    return session;
  }

  private async me(user: Awaited<ReturnType<UsersRepository['findById']>>): Promise<FleetMe> {
    const teams = await availableTeams(this.db, user);
    const [view] = user ? await toFleetUsers(this.db, [user]) : [];
    return { user: view ?? null, available_teams: teams, available_fleets: teams };
  }
}
