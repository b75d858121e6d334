import { Module } from '@nestjs/common';
import { ServicesStatusController } from './services-status.controller';
import { ServicesStatusService } from './services-status.service';

@Module({ controllers: [ServicesStatusController], providers: [ServicesStatusService] })
export class ServicesStatusModule {}
