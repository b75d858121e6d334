import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from '@flotilla/platform-logging';
import { LOGGER } from '@flotilla/platform-server';
import { createTransport } from 'nodemailer';
import { AppConfigService } from '../app-config/app-config.service';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
}

const AUTH_METHODS = { authmethod_plain: 'PLAIN', authmethod_login: 'LOGIN', authmethod_cram_md5: 'CRAM-MD5' } as const;

/** Sends email through the SMTP server configured in the organisation settings (`smtp_settings`). */
@Injectable()
export class MailerService {
  constructor(
    private readonly appConfig: AppConfigService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** Whether SMTP is enabled and complete enough to send. */
  async isConfigured(): Promise<boolean> {
    return (await this.appConfig.smtpSettings()).configured;
  }

  /** Sends one message; rejects when SMTP is not configured or the server refuses. */
  async send(mail: OutgoingMail): Promise<void> {
    const smtp = await this.appConfig.smtpSettings();
    if (!smtp.configured) throw new Error('SMTP is not configured');
    const transport = createTransport({
      host: smtp.server,
      port: smtp.port,
      secure: smtp.enable_ssl_tls,
      requireTLS: smtp.enable_start_tls,
      ignoreTLS: !smtp.enable_start_tls && !smtp.enable_ssl_tls,
      ...(smtp.domain ? { name: smtp.domain } : {}),
      tls: { rejectUnauthorized: smtp.verify_ssl_certs },
      ...(smtp.authentication_type === 'authtype_username_password'
        ? { auth: { user: smtp.user_name, pass: smtp.password }, authMethod: AUTH_METHODS[smtp.authentication_method as keyof typeof AUTH_METHODS] ?? 'PLAIN' }
        : {}),
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 20_000,
    });
    try {
      await transport.sendMail({ from: smtp.sender_address, to: mail.to, subject: mail.subject, text: mail.text });
    } finally {
      transport.close();
    }
  }

  /** Sends in the background (the request does not wait, so response timing reveals nothing); failures are logged. */
  sendLater(mail: OutgoingMail, what: string): void {
    this.send(mail).catch((err: unknown) => this.logger.error({ err, what }, 'could not send email'));
  }
}
