import { Module } from '@nestjs/common';
import { PackHostsHandler } from './pack-hosts.handler';
import { PackReferencesService } from './pack-references.service';
import { PackSpecsController } from './pack-specs.controller';
import { PackSpecsService } from './pack-specs.service';
import { PackTargetRefsRepository } from './pack-target-refs.repository';
import { PacksChangedPublisher } from './packs-changed.publisher';
import { PacksController } from './packs.controller';
import { PacksRepository } from './packs.repository';
import { PacksService } from './packs.service';
import { ScheduledQueriesController } from './scheduled-queries.controller';
import { ScheduledQueriesRepository } from './scheduled-queries.repository';
import { ScheduledQueriesService } from './scheduled-queries.service';

/**
 * Fleet's legacy query packs: packs, their targets and scheduled queries, and pack specs.
 * Exports PackReferencesService, through which saved queries, labels and teams drop what packs
 * hold of them when they are deleted (hosts: PackHostsHandler, on osquery-ingest's event).
 */
@Module({
  controllers: [PacksController, ScheduledQueriesController, PackSpecsController],
  providers: [PacksRepository, ScheduledQueriesRepository, PackTargetRefsRepository, PacksChangedPublisher, PacksService, ScheduledQueriesService, PackSpecsService, PackReferencesService, PackHostsHandler],
  exports: [PackReferencesService],
})
export class PacksModule {}
