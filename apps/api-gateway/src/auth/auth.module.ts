import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { PLATFORM_CONTEXT, PlatformContext } from '@flotilla/platform-server';
import { API_GATEWAY_SETTINGS } from '../api-gateway.tokens';
import { apiGatewaySettings } from '../config/api-gateway.config';
import { ApiAuthGuard, AUTH_ROOT_MODULE, AuthRootModule } from './api-auth.guard';
import { BootstrapTokenService } from './bootstrap-token.service';
import { SessionAuthService } from './session-auth.service';
import { SessionsRepository } from './sessions.repository';

/**
 * Admin API authentication: Bearer API tokens checked against `sessions`, enforced on every
 * controller under `root` (see ApiAuthGuard), plus the first-start bootstrap token.
 */
@Module({})
export class AuthModule {
  static forRoot(root: AuthRootModule): DynamicModule {
    return {
      module: AuthModule,
      providers: [
        { provide: API_GATEWAY_SETTINGS, useFactory: (ctx: PlatformContext) => apiGatewaySettings(ctx.env), inject: [PLATFORM_CONTEXT] },
        { provide: AUTH_ROOT_MODULE, useValue: root },
        SessionsRepository,
        SessionAuthService,
        BootstrapTokenService,
        ApiAuthGuard,
        { provide: APP_GUARD, useExisting: ApiAuthGuard },
      ],
      exports: [SessionAuthService],
    };
  }
}
