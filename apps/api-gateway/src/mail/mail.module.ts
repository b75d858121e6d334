import { Module } from '@nestjs/common';
import { AppConfigModule } from '../app-config/app-config.module';
import { MailerService } from './mailer.service';

@Module({ imports: [AppConfigModule], providers: [MailerService], exports: [MailerService] })
export class MailModule {}
