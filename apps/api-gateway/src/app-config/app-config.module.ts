import { Module } from '@nestjs/common';
import { AppConfigRepository, type EntityManagerSource } from '@flotilla/platform-db';
import { DATABASE } from '@flotilla/platform-server';
import { AppConfigController } from './app-config.controller';
import { AppConfigService } from './app-config.service';
import { VersionController } from './version.controller';

/** `GET/PATCH /config` and `GET /version`; exports AppConfigService (settings for other features, first-run setup). */
@Module({
  controllers: [AppConfigController, VersionController],
  providers: [{ provide: AppConfigRepository, useFactory: (db: EntityManagerSource) => new AppConfigRepository(db), inject: [DATABASE] }, AppConfigService],
  exports: [AppConfigService],
})
export class AppConfigModule {}
