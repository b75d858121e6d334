import { Module } from '@nestjs/common';
import { HostSummaryController } from './host-summary.controller';
import { HostsController } from './hosts.controller';
import { HostsRepository } from './hosts.repository';
import { HostsService } from './hosts.service';

@Module({ controllers: [HostsController, HostSummaryController], providers: [HostsRepository, HostsService] })
export class HostsModule {}
