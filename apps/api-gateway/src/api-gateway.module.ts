import { Module } from '@nestjs/common';
import { ActivitiesModule } from './activities/activities.module';
import { ApiGatewayCoreModule } from './api-gateway-core.module';
import { AuthModule } from './auth/auth.module';
import { EnrollSecretsModule } from './enroll-secrets/enroll-secrets.module';
import { HostsModule } from './hosts/hosts.module';
import { ServicesStatusModule } from './services-status/services-status.module';

/**
 * api-gateway: the admin API. Its feature modules are imported here (standalone hosts this same
 * module). Every controller in this tree requires an API token unless marked `@Public()`.
 */
@Module({ imports: [ApiGatewayCoreModule, AuthModule.forRoot(() => ApiGatewayModule), ActivitiesModule, ServicesStatusModule, HostsModule, EnrollSecretsModule] })
export class ApiGatewayModule {}
