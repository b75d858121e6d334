import { Module } from '@nestjs/common';
import { HostsModule } from '../hosts/hosts.module';
import { QueriesModule } from '../queries/queries.module';
import { CampaignResultsController } from './campaign-results.controller';
import { CampaignStreamService } from './campaign-stream.service';
import { CampaignTargetsRepository } from './campaign-targets.repository';
import { CampaignTargetsService } from './campaign-targets.service';
import { CampaignsService } from './campaigns.service';
import { LiveQueriesController } from './live-queries.controller';
import { ResultsSocketServer } from './results-socket.server';
import { SyncRunsController } from './sync-runs.controller';
import { SyncRunsService } from './sync-runs.service';
import { TargetsService } from './targets.service';

/**
 * The admin side of live queries: campaigns (targets resolved with the caller's teams, handed to
 * live-query), the target picker, result streaming (Fleet's WebSocket and Server-Sent Events) and
 * the synchronous runs. The socket authenticates tokens itself (SessionAuthService, as the guard does).
 */
@Module({
  imports: [HostsModule, QueriesModule],
  controllers: [LiveQueriesController, SyncRunsController, CampaignResultsController],
  providers: [
    CampaignTargetsRepository,
    CampaignTargetsService,
    CampaignsService,
    CampaignStreamService,
    TargetsService,
    SyncRunsService,
    ResultsSocketServer,
  ],
})
export class LiveQueriesModule {}
