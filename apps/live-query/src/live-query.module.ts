import { Module } from '@nestjs/common';

/** live-query: the service's feature modules are imported here (standalone hosts this same module). */
@Module({})
export class LiveQueryModule {}
