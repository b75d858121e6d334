import { Module } from '@nestjs/common';
import { PLATFORM_CONTEXT, PlatformContext } from '@flotilla/platform-server';
import { CampaignsHandler } from './campaigns/campaigns.handler';
import { CampaignsStore } from './campaigns/campaigns.store';
import { CampaignsSweeper } from './campaigns/campaigns.sweeper';
import { liveQuerySettings } from './config/live-query.config';
import { LIVE_QUERY_SETTINGS } from './live-query.tokens';

/** live-query: campaigns — their state, targets handed to osquery-ingest, lifetime (standalone hosts this same module). */
@Module({
  providers: [
    { provide: LIVE_QUERY_SETTINGS, useFactory: (ctx: PlatformContext) => liveQuerySettings(ctx.env), inject: [PLATFORM_CONTEXT] },
    CampaignsStore,
    CampaignsHandler,
    CampaignsSweeper,
  ],
})
export class LiveQueryModule {}
