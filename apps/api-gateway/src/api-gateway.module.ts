import { Module } from '@nestjs/common';
import { ServicesStatusModule } from './services-status/services-status.module';

/** api-gateway: the admin API. Its feature modules are imported here (standalone hosts this same module). */
@Module({ imports: [ServicesStatusModule] })
export class ApiGatewayModule {}
