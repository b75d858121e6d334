import { Body, Controller, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { EntityManagerSource } from '@flotilla/platform-db';
import { DATABASE } from '@flotilla/platform-server';
import type { FastifyRequest } from 'fastify';
import { AllowDuringPasswordReset, Authorize, CurrentPrincipal } from '../authz/authorize.decorator';
import type { Principal } from '../authz/principal';
import { EMPTY_OBJECT_SCHEMA, FLEET_ERROR_SCHEMA } from '../common/fleet.openapi';
import { parseOrFail } from '../common/zod-details';
import { toFleetUsers, type FleetUser } from '../users/user-view';
import { AuthError } from './auth.errors';
import { USER_SCHEMA } from './auth.openapi';
import { AUTH_BODY_LIMIT, changePasswordBodySchema, forgotPasswordBodySchema, performRequiredResetBodySchema, resetPasswordBodySchema } from './auth.params';
import { PasswordResetService } from './password-reset.service';
import { Public } from './public.decorator';

const PASSWORD_RULES = 'Passwords: 12 to 48 characters with at least one number and one symbol.';

/** Password changes: own (old + new), forgotten (emailed token), and the reset an admin required. */
@ApiTags('sessions')
@Controller(['api/v1/fleet', 'api/latest/fleet'])
export class PasswordController {
  constructor(
    private readonly passwords: PasswordResetService,
    @Inject(DATABASE) private readonly db: EntityManagerSource,
  ) {}

  @Post('change_password')
  @HttpCode(200)
  @Authorize('self')
  @RouteConfig({ bodyLimit: AUTH_BODY_LIMIT })
  @ApiBearerAuth()
  @ApiOperation({ summary: `Change one’s own password (old_password, new_password); other sessions are revoked. ${PASSWORD_RULES}` })
  @ApiResponse({ status: 200, schema: EMPTY_OBJECT_SCHEMA })
  @ApiResponse({ status: 422, description: 'old password wrong or new one breaks the rules', schema: FLEET_ERROR_SCHEMA })
  async change(@CurrentPrincipal() principal: Principal, @Body() body: unknown): Promise<Record<string, never>> {
    const { old_password: oldPassword, new_password: newPassword } = parseOrFail(changePasswordBodySchema, body ?? {}, AuthError.invalidBody);
    await this.passwords.change(principal, oldPassword, newPassword);
    return {};
  }

  @Post('perform_required_password_reset')
  @HttpCode(200)
  @Authorize('self')
  @AllowDuringPasswordReset()
  @RouteConfig({ bodyLimit: AUTH_BODY_LIMIT })
  @ApiBearerAuth()
  @ApiOperation({ summary: `Set a new password when an admin required a reset (new_password). ${PASSWORD_RULES}` })
  @ApiResponse({ status: 200, schema: { type: 'object', required: ['user'], properties: { user: USER_SCHEMA } } })
  @ApiResponse({ status: 422, schema: FLEET_ERROR_SCHEMA })
  async performRequired(@CurrentPrincipal() principal: Principal, @Body() body: unknown): Promise<{ user: FleetUser }> {
    const { new_password: newPassword } = parseOrFail(performRequiredResetBodySchema, body ?? {}, AuthError.invalidBody);
    const [user] = await toFleetUsers(this.db, [await this.passwords.performRequired(principal, newPassword)]);
    if (!user) throw new Error('perform_required_password_reset: user view missing');
    return { user };
  }

  @Post('forgot_password')
  @HttpCode(200)
  @Public()
  @RouteConfig({ bodyLimit: AUTH_BODY_LIMIT })
  @ApiOperation({ summary: 'Email a password reset link (the same answer whether or not the address has an account)' })
  @ApiResponse({ status: 200, schema: EMPTY_OBJECT_SCHEMA })
  @ApiResponse({ status: 422, description: 'SMTP is not configured', schema: FLEET_ERROR_SCHEMA })
  @ApiResponse({ status: 429, schema: FLEET_ERROR_SCHEMA })
  async forgot(@Body() body: unknown, @Req() request: FastifyRequest): Promise<Record<string, never>> {
    const { email } = parseOrFail(forgotPasswordBodySchema, body ?? {}, AuthError.invalidBody);
    await this.passwords.forgot(email, request.ip);
    return {};
  }

  @Post('reset_password')
  @HttpCode(200)
  @Public()
  @RouteConfig({ bodyLimit: AUTH_BODY_LIMIT })
  @ApiOperation({ summary: `Set a new password with the emailed token (single use, 24 h); every session is revoked. ${PASSWORD_RULES}` })
  @ApiResponse({ status: 200, schema: EMPTY_OBJECT_SCHEMA })
  @ApiResponse({ status: 422, schema: FLEET_ERROR_SCHEMA })
  async reset(@Body() body: unknown): Promise<Record<string, never>> {
    const input = parseOrFail(resetPasswordBodySchema, body ?? {}, AuthError.invalidBody);
    await this.passwords.reset(input.password_reset_token, input.new_password);
    return {};
  }
}
