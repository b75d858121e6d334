import { Module } from '@nestjs/common';

/** osquery-ingest: the service's feature modules are imported here (standalone hosts this same module). */
@Module({})
export class OsqueryIngestModule {}
