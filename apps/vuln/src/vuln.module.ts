import { Module } from '@nestjs/common';

/** vuln: the service's feature modules are imported here (standalone hosts this same module). */
@Module({})
export class VulnModule {}
