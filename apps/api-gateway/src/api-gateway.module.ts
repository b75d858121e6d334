import { Module } from '@nestjs/common';
import { ActivitiesModule } from './activities/activities.module';
import { ApiGatewayCoreModule } from './api-gateway-core.module';
import { AppConfigModule } from './app-config/app-config.module';
import { AuthModule } from './auth/auth.module';
import { SessionsModule } from './auth/sessions.module';
import { SetupModule } from './setup/setup.module';
import { UsersModule } from './users/users.module';
import { EnrollSecretsModule } from './enroll-secrets/enroll-secrets.module';
import { HostsModule } from './hosts/hosts.module';
import { LabelsModule } from './labels/labels.module';
import { LiveQueriesModule } from './live-queries/live-queries.module';
import { PacksModule } from './packs/packs.module';
import { PoliciesModule } from './policies/policies.module';
import { QueriesModule } from './queries/queries.module';
import { QueryReportsModule } from './query-reports/query-reports.module';
import { ServicesStatusModule } from './services-status/services-status.module';
import { TeamsModule } from './teams/teams.module';

/**
 * api-gateway: the admin API. Its feature modules are imported here (standalone hosts this same
 * module). Every controller in this tree requires an API token unless marked `@Public()`.
 */
@Module({ imports: [ApiGatewayCoreModule, AuthModule.forRoot(() => ApiGatewayModule), ActivitiesModule, SetupModule, SessionsModule, UsersModule, ServicesStatusModule, HostsModule, EnrollSecretsModule, AppConfigModule, TeamsModule, LabelsModule, PoliciesModule, QueriesModule, QueryReportsModule, LiveQueriesModule, PacksModule] })
export class ApiGatewayModule {}
