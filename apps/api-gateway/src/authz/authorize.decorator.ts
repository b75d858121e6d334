import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiExtension, ApiResponse } from '@nestjs/swagger';
import { FLEET_ERROR_SCHEMA } from '../common/fleet.openapi';
import type { Action } from './permissions';
import type { Principal } from './principal';

export const AUTHORIZE_KEY = Symbol.for('flotilla.api-gateway.authorize');
export const ALLOW_DURING_PASSWORD_RESET_KEY = Symbol.for('flotilla.api-gateway.allow-during-password-reset');

/** OpenAPI extension naming a route's action (read by the generated RBAC test). */
export const PERMISSION_EXTENSION = 'x-flotilla-permission';

/**
 * The action a route performs. The guard refuses (403) a principal who may not perform it
 * anywhere; the service then checks it against the team of the resource it touches.
 */
export function Authorize(action: Action): MethodDecorator & ClassDecorator {
  return applyDecorators(
    SetMetadata(AUTHORIZE_KEY, action),
    ApiExtension(PERMISSION_EXTENSION, action),
    ApiResponse({ status: 403, description: `needs permission ${action}`, schema: FLEET_ERROR_SCHEMA }),
  );
}

/** The route stays usable while the user must reset their password (me, logout, the reset itself). */
export const AllowDuringPasswordReset = (): MethodDecorator => SetMetadata(ALLOW_DURING_PASSWORD_RESET_KEY, true);

/** The authenticated principal of the request (set by ApiAuthGuard). */
export const CurrentPrincipal = createParamDecorator((_data: unknown, ctx: ExecutionContext): Principal => {
  const principal = ctx.switchToHttp().getRequest<{ principal?: Principal }>().principal;
  if (!principal) throw new Error('CurrentPrincipal used on a route without authentication');
  return principal;
});
