import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Authorize, CurrentPrincipal } from '../authz/authorize.decorator';
import type { Principal } from '../authz/principal';
import { parseOrFail } from '../common/zod-details';
import { EMPTY_OBJECT_SCHEMA, FLEET_ERROR_SCHEMA } from '../common/fleet.openapi';
import { EnrollSecretsError } from './enroll-secrets.errors';
import { enrollSecretSpecBodySchema, enrollSecretSpecQuerySchema, secretsOf } from './enroll-secrets.params';
import { EnrollSecretsService, type FleetEnrollSecret } from './enroll-secrets.service';

const SPEC_SCHEMA = {
  type: 'object',
  required: ['spec'],
  properties: {
    spec: {
      type: 'object',
      required: ['secrets'],
      properties: {
        secrets: {
          type: 'array',
          items: {
            type: 'object',
            required: ['secret', 'created_at'],
            properties: { secret: { type: 'string' }, created_at: { type: 'string', format: 'date-time' }, team_id: { type: 'integer' } },
          },
        },
      },
    },
  },
};

/** Fleet's global enroll-secret spec (`fleetctl get/apply enroll_secret`). */
@ApiTags('enroll secrets')
@ApiBearerAuth()
@ApiResponse({ status: 401, description: 'missing or invalid API token', schema: FLEET_ERROR_SCHEMA })
@Controller(['api/v1/fleet/spec/enroll_secret', 'api/latest/fleet/spec/enroll_secret'])
export class EnrollSecretsController {
  constructor(private readonly secrets: EnrollSecretsService) {}

  @Get()
  @Authorize('enroll_secret.read')
  @ApiOperation({ summary: 'Get the global enroll secrets' })
  @ApiResponse({ status: 200, schema: SPEC_SCHEMA })
  async get(@CurrentPrincipal() principal: Principal): Promise<{ spec: { secrets: FleetEnrollSecret[] } }> {
    return { spec: { secrets: await this.secrets.list(principal, null) } };
  }

  @Post()
  @HttpCode(200)
  @Authorize('enroll_secret.write')
  @ApiOperation({ summary: 'Replace the global enroll secrets ({"spec":{"secrets":[{"secret":"…"}]}})' })
  @ApiQuery({ name: 'dry_run', required: false, type: 'boolean', description: 'validate only' })
  @ApiResponse({ status: 200, schema: EMPTY_OBJECT_SCHEMA })
  @ApiResponse({ status: 409, description: 'a secret is already used by a team', schema: FLEET_ERROR_SCHEMA })
  @ApiResponse({ status: 422, description: 'invalid spec', schema: FLEET_ERROR_SCHEMA })
  async apply(@CurrentPrincipal() principal: Principal, @Body() body: unknown, @Query() raw: Record<string, unknown>): Promise<Record<string, never>> {
    const { dry_run: dryRun } = parseOrFail(enrollSecretSpecQuerySchema, raw, EnrollSecretsError.invalidParameters);
    const secrets = secretsOf(parseOrFail(enrollSecretSpecBodySchema, body ?? {}, EnrollSecretsError.invalidSpec));
    await this.secrets.replace(principal, null, secrets, { dryRun });
    return {};
  }
}
