import { Module } from '@nestjs/common';

/** mdm-apple: the service's feature modules are imported here (standalone hosts this same module). */
@Module({})
export class MdmAppleModule {}
