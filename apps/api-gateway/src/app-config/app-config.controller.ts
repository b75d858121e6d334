import { Body, Controller, Get, Patch, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Authorize, CurrentPrincipal } from '../authz/authorize.decorator';
import type { Principal } from '../authz/principal';
import { FLEET_ERROR_SCHEMA } from '../common/fleet.openapi';
import { parseOrFail } from '../common/zod-details';
import { AppConfigError } from './app-config.errors';
import { APP_CONFIG_PATCH_SCHEMA, APP_CONFIG_SCHEMA } from './app-config.openapi';
import { appConfigPatchQuerySchema } from './app-config.params';
import { type AppConfigDocument, AppConfigService } from './app-config.service';

/** Fleet's global settings (`GET/PATCH /api/v1/fleet/config`, also under `/api/latest/`). */
@ApiTags('config')
@ApiBearerAuth()
@ApiResponse({ status: 401, description: 'missing or invalid API token', schema: FLEET_ERROR_SCHEMA })
@Controller(['api/v1/fleet/config', 'api/latest/fleet/config'])
export class AppConfigController {
  constructor(private readonly config: AppConfigService) {}

  @Get()
  @Authorize('config.read')
  @ApiOperation({ summary: 'Get the organisation settings (secrets shown as ******** unless the user may read them)' })
  @ApiResponse({ status: 200, schema: APP_CONFIG_SCHEMA })
  get(@CurrentPrincipal() principal: Principal): Promise<AppConfigDocument> {
    return this.config.view(principal);
  }

  @Patch()
  @Authorize('config.write')
  @ApiOperation({
    summary: 'Change organisation settings',
    description:
      'The body is a partial config document merged into the stored one: objects merge key by key; arrays, scalars, `null` and `agent_options` replace. ' +
      'Computed keys (license, logging, smtp_settings.configured…) are ignored, and a secret sent back as `********` keeps the stored one. Answers the new document.',
  })
  @ApiQuery({ name: 'dry_run', required: false, type: 'boolean', description: 'validate only, change nothing' })
  @ApiQuery({ name: 'force', required: false, type: 'boolean', description: 'skip agent options validation (not the 2 MiB limit)' })
  @ApiBody({ schema: APP_CONFIG_PATCH_SCHEMA })
  @ApiResponse({ status: 200, schema: APP_CONFIG_SCHEMA })
  @ApiResponse({ status: 400, description: 'a bad query flag', schema: FLEET_ERROR_SCHEMA })
  @ApiResponse({ status: 422, description: 'an unknown key, a wrong type or value, or invalid agent options (named in errors[].name)', schema: FLEET_ERROR_SCHEMA })
  modify(@CurrentPrincipal() principal: Principal, @Body() body: unknown, @Query() raw: Record<string, unknown>): Promise<AppConfigDocument> {
    const { dry_run: dryRun, force } = parseOrFail(appConfigPatchQuerySchema, raw, AppConfigError.invalidParameters);
    return this.config.modify(principal, body, { dryRun, force });
  }
}
