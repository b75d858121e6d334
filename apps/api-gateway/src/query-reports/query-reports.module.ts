import { Module } from '@nestjs/common';
import { HostPackStatsService } from './host-pack-stats.service';
import { HostReportsController } from './host-reports.controller';
import { QueryReportsController } from './query-reports.controller';
import { QueryReportsRepository } from './query-reports.repository';
import { QueryReportsService } from './query-reports.service';

/** Query reports (each saved query's latest rows per host) and scheduled query stats; exports the host detail's pack_stats. */
@Module({
  controllers: [QueryReportsController, HostReportsController],
  providers: [QueryReportsRepository, QueryReportsService, HostPackStatsService],
  exports: [HostPackStatsService],
})
export class QueryReportsModule {}
