import { Global, Module } from '@nestjs/common';
import { PLATFORM_CONTEXT, PlatformContext } from '@flotilla/platform-server';
import { ActivitiesRepository } from './activities/activities.repository';
import { ActivitiesService } from './activities/activities.service';
import { API_GATEWAY_SETTINGS } from './api-gateway.tokens';
import { RateLimiter } from './auth/rate-limiter';
import { SessionAuthService } from './auth/session-auth.service';
import { SessionsRepository } from './auth/sessions.repository';
import { SessionsService } from './auth/sessions.service';
import { apiGatewaySettings } from './config/api-gateway.config';
import { HostsRepository } from './hosts/hosts.repository';
import { LabelsRepository } from './labels/labels.repository';
import { TeamsRepository } from './teams/teams.repository';
import { UsersRepository } from './users/users.repository';

/** Shared by many features; every repository is a stateless view of its tables, one instance each. */
const SHARED = [
  ActivitiesRepository,
  ActivitiesService,
  SessionsRepository,
  SessionsService,
  SessionAuthService,
  UsersRepository,
  TeamsRepository,
  HostsRepository,
  LabelsRepository,
  RateLimiter,
];

/**
 * What every api-gateway feature uses: its settings, the audit log, users, sessions (and token authentication), the team, host and label tables, and rate limits. Global
 * within the process, and declares no controllers (the auth guard protects the feature modules').
 */
@Global()
@Module({
  providers: [{ provide: API_GATEWAY_SETTINGS, useFactory: (ctx: PlatformContext) => apiGatewaySettings(ctx.env), inject: [PLATFORM_CONTEXT] }, ...SHARED],
  exports: [API_GATEWAY_SETTINGS, ...SHARED],
})
export class ApiGatewayCoreModule {}
