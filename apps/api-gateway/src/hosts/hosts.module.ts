import { Module } from '@nestjs/common';
import { PoliciesModule } from '../policies/policies.module';
import { QueryReportsModule } from '../query-reports/query-reports.module';
import { HostSummaryController } from './host-summary.controller';
import { HostsController } from './hosts.controller';
import { HostsService } from './hosts.service';

@Module({ imports: [PoliciesModule, QueryReportsModule], controllers: [HostsController, HostSummaryController], providers: [HostsService], exports: [HostsService] })
export class HostsModule {}
