import { Module } from '@nestjs/common';

/** scep-proxy: the service's feature modules are imported here (standalone hosts this same module). */
@Module({})
export class ScepProxyModule {}
