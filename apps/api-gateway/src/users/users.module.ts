import { Module } from '@nestjs/common';
import { AppConfigModule } from '../app-config/app-config.module';
import { InvitesController } from '../invites/invites.controller';
import { InvitesService } from '../invites/invites.service';
import { MailModule } from '../mail/mail.module';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';

/** Users and invites. */
@Module({ imports: [AppConfigModule, MailModule], controllers: [UsersController, InvitesController], providers: [UsersService, InvitesService] })
export class UsersModule {}
