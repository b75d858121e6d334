import { Module } from '@nestjs/common';
import { PLATFORM_CONTEXT, PlatformContext } from '@flotilla/platform-server';
import { AgentConfigService } from './agent-config/agent-config.service';
import { HostConfigRepository } from './agent-config/host-config.repository';
import { OsqueryApiController } from './agent-api/osquery-api.controller';
import { OsqueryHotRoutes } from './agent-api/osquery-hot.routes';
import { osqueryIngestSettings } from './config/osquery-ingest.config';
import { DistributedService } from './distributed/distributed.service';
import { EnrollSecretsRepository } from './enrollment/enroll-secrets.repository';
import { EnrollSecretsService } from './enrollment/enroll-secrets.service';
import { EnrollmentService } from './enrollment/enrollment.service';
import { HostAuthService } from './hosts/host-auth.service';
import { MembershipRepository } from './labels-policies/membership.repository';
import { MembershipWriter } from './labels-policies/membership.writer';
import { LiveQueryDeliveryService } from './live-queries/live-query-delivery.service';
import { QueryStatsWriter } from './live-queries/query-stats.writer';
import { QueryCatalogService } from './labels-policies/query-catalog.service';
import { HostStateCache } from './hosts/host-state.cache';
import { HostsHandler } from './hosts/hosts.handler';
import { HostsRepository } from './hosts/hosts.repository';
import { SeenTimesService } from './hosts/seen-times.service';
import { LogsService } from './logs/logs.service';
import { OSQUERY_INGEST_SETTINGS } from './osquery-ingest.tokens';
import { QueryReportConsumer } from './query-reports/query-report.consumer';
import { QueryReportsRepository } from './query-reports/query-reports.repository';
import { SavedQueriesService } from './query-reports/saved-queries.service';
import { QueryReportWriter } from './query-reports/query-report.writer';
import { ScheduleStatsWriter } from './query-reports/schedule-stats.writer';

/** osquery-ingest: the osquery TLS API, enrollment, host vitals, logs (standalone hosts this same module). */
@Module({
  controllers: [OsqueryApiController],
  providers: [
    { provide: OSQUERY_INGEST_SETTINGS, useFactory: (ctx: PlatformContext) => osqueryIngestSettings(ctx.env), inject: [PLATFORM_CONTEXT] },
    { provide: HostStateCache, useFactory: () => new HostStateCache() },
    HostsRepository,
    HostAuthService,
    SeenTimesService,
    EnrollSecretsRepository,
    EnrollSecretsService,
    EnrollmentService,
    HostConfigRepository,
    AgentConfigService,
    MembershipRepository,
    MembershipWriter,
    QueryCatalogService,
    QueryStatsWriter,
    QueryReportsRepository,
    SavedQueriesService,
    ScheduleStatsWriter,
    QueryReportWriter,
    QueryReportConsumer,
    LiveQueryDeliveryService,
    DistributedService,
    LogsService,
    HostsHandler,
    OsqueryHotRoutes,
  ],
})
export class OsqueryIngestModule {}
