import { Module } from '@nestjs/common';
import { EnrollSecretsController } from './enroll-secrets.controller';
import { EnrollSecretsService } from './enroll-secrets.service';

@Module({ controllers: [EnrollSecretsController], providers: [EnrollSecretsService], exports: [EnrollSecretsService] })
export class EnrollSecretsModule {}
