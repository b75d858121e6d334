import { Module } from '@nestjs/common';
import { EnrollSecretsModule } from '../enroll-secrets/enroll-secrets.module';
import { PacksModule } from '../packs/packs.module';
import { HostTransferController } from './host-transfer.controller';
import { HostTransferService } from './host-transfer.service';
import { OsqueryIngestClient } from './osquery-ingest.client';
import { TeamMembersController } from './team-members.controller';
import { TeamMembersService } from './team-members.service';
import { TeamSecretsService } from './team-secrets.service';
import { TeamViewsService } from './team-views.service';
import { TeamsController } from './teams.controller';
import { TeamsService } from './teams.service';

/** Teams ("fleets"), their members and secrets, and moving hosts between teams. */
@Module({
  imports: [EnrollSecretsModule, PacksModule],
  controllers: [TeamsController, TeamMembersController, HostTransferController],
  providers: [TeamViewsService, TeamsService, TeamMembersService, TeamSecretsService, HostTransferService, OsqueryIngestClient],
})
export class TeamsModule {}
