import { Module } from '@nestjs/common';
import { PacksModule } from '../packs/packs.module';
import { QueriesController } from './queries.controller';
import { QueriesRepository } from './queries.repository';
import { QueriesService } from './queries.service';
import { QuerySpecsController } from './query-specs.controller';
import { QuerySpecsService } from './query-specs.service';

/** Saved queries ("reports"), global and per team, and their specs; exports what the live-query API needs of them. */
@Module({
  imports: [PacksModule],
  controllers: [QueriesController, QuerySpecsController],
  providers: [QueriesRepository, QueriesService, QuerySpecsService],
  exports: [QueriesService],
})
export class QueriesModule {}
