import { Module } from '@nestjs/common';
import { AppConfigModule } from '../app-config/app-config.module';
import { MailModule } from '../mail/mail.module';
import { LoginService } from './login.service';
import { PasswordController } from './password.controller';
import { PasswordResetService } from './password-reset.service';
import { SessionController } from './session.controller';

/** Login, logout, `/me`, sessions and password changes. */
@Module({ imports: [AppConfigModule, MailModule], controllers: [SessionController, PasswordController], providers: [LoginService, PasswordResetService] })
export class SessionsModule {}
