import { Module } from '@nestjs/common';
import { ActivitiesController } from './activities.controller';

/** `GET /activities` (ActivitiesService itself lives in ApiGatewayCoreModule: every feature records through it). */
@Module({ controllers: [ActivitiesController] })
export class ActivitiesModule {}
