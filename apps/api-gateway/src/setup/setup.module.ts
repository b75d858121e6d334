import { Module } from '@nestjs/common';
import { AppConfigModule } from '../app-config/app-config.module';
import { SetupController } from './setup.controller';
import { SetupService } from './setup.service';

@Module({ imports: [AppConfigModule], controllers: [SetupController], providers: [SetupService] })
export class SetupModule {}
