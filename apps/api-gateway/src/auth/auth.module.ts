import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ApiAuthGuard, AUTH_ROOT_MODULE, AuthRootModule } from './api-auth.guard';
import { BootstrapTokenService } from './bootstrap-token.service';

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
        { provide: AUTH_ROOT_MODULE, useValue: root },
        BootstrapTokenService,
        ApiAuthGuard,
        { provide: APP_GUARD, useExisting: ApiAuthGuard },
      ],
    };
  }
}
