import { Module } from '@nestjs/common';

/** vpp-sync: the service's feature modules are imported here (standalone hosts this same module). */
@Module({})
export class VppSyncModule {}
