import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AuthError } from '../auth/auth.errors';
import { USER_SCHEMA } from '../auth/auth.openapi';
import { AUTH_BODY_LIMIT, setupBodySchema } from '../auth/auth.params';
import { passwordProblems } from '../auth/password';
import { Public } from '../auth/public.decorator';
import { FLEET_ERROR_SCHEMA } from '../common/fleet.openapi';
import { parseOrFail } from '../common/zod-details';
import { toFleetUser } from '../users/user-view';
import type { FleetUser } from '../users/user-view';
import { SetupService } from './setup.service';

export interface FleetSetupResponse {
  admin: FleetUser;
  org_info: { org_name: string };
  server_url: string;
  token: string;
}

/** First run (`POST /api/v1/setup`, also `/api/setup`): only while no user exists. */
@ApiTags('setup')
@Controller(['api/v1/setup', 'api/setup'])
export class SetupController {
  constructor(private readonly setup: SetupService) {}

  @Post()
  @HttpCode(200)
  @Public()
  @RouteConfig({ bodyLimit: AUTH_BODY_LIMIT })
  @ApiOperation({ summary: 'Create the first admin, the organisation name and the server URL; returns a session token. Refused once a user exists.' })
  @ApiResponse({
    status: 200,
    schema: { type: 'object', required: ['admin', 'org_info', 'server_url', 'token'], properties: { admin: USER_SCHEMA, org_info: { type: 'object' }, server_url: { type: 'string' }, token: { type: 'string' } } },
  })
  @ApiResponse({ status: 409, description: 'setup already completed', schema: FLEET_ERROR_SCHEMA })
  @ApiResponse({ status: 422, description: 'password breaks the rules', schema: FLEET_ERROR_SCHEMA })
  async run(@Body() body: unknown): Promise<FleetSetupResponse> {
    const input = parseOrFail(setupBodySchema, body ?? {}, AuthError.invalidBody);
    const problems = passwordProblems(input.admin.password, 'admin.password');
    if (problems.length > 0) throw AuthError.invalidPassword(problems);
    const { user, token } = await this.setup.run({
      name: input.admin.name,
      email: input.admin.email,
      password: input.admin.password,
      orgName: input.org_info.org_name,
      serverUrl: input.server_url,
    });
    return { admin: toFleetUser(user, new Map()), org_info: { org_name: input.org_info.org_name }, server_url: input.server_url, token };
  }
}
