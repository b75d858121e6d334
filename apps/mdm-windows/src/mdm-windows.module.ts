import { Module } from '@nestjs/common';

/** mdm-windows: the service's feature modules are imported here (standalone hosts this same module). */
@Module({})
export class MdmWindowsModule {}
