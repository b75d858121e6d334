import { Module } from '@nestjs/common';
import { LabelsRepository } from '../labels/labels.repository';
import { PoliciesModule } from '../policies/policies.module';
import { HostSummaryController } from './host-summary.controller';
import { HostsController } from './hosts.controller';
import { HostsRepository } from './hosts.repository';
import { HostsService } from './hosts.service';

@Module({ imports: [PoliciesModule], controllers: [HostsController, HostSummaryController], providers: [HostsRepository, HostsService, LabelsRepository], exports: [HostsService] })
export class HostsModule {}
