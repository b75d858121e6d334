import { Module } from '@nestjs/common';
import { HostsModule } from '../hosts/hosts.module';
import { PacksModule } from '../packs/packs.module';
import { BuiltinLabelsService } from './builtin-labels.service';
import { LabelSpecsController } from './label-specs.controller';
import { LabelSpecsService } from './label-specs.service';
import { LabelWriterService } from './label-writer.service';
import { LabelsController } from './labels.controller';
import { LabelsService } from './labels.service';

/** Labels (dynamic, manual and builtin), their hosts and specs; builtin labels are installed at start. */
@Module({
  imports: [HostsModule, PacksModule],
  controllers: [LabelsController, LabelSpecsController],
  providers: [LabelWriterService, LabelsService, LabelSpecsService, BuiltinLabelsService],
})
export class LabelsModule {}
