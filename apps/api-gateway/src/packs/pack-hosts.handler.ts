import { Injectable } from '@nestjs/common';
import { HOST_CHANGED, type PayloadOf } from '@flotilla/contracts';
import { BusHandlers, OnEvent } from '@flotilla/platform-server';
import { PackReferencesService } from './pack-references.service';
import { PacksRepository } from './packs.repository';

/**
 * Hosts are deleted by osquery-ingest (HOSTS_DELETE, whoever asks): when it announces them gone,
 * one api-gateway replica drops the pack targets naming them. Pack views also skip host ids that
 * no longer exist, so a lost event never shows a deleted host.
 */
@BusHandlers('api-gateway')
@Injectable()
export class PackHostsHandler {
  constructor(
    private readonly packs: PacksRepository,
    private readonly references: PackReferencesService,
  ) {}

  @OnEvent(HOST_CHANGED)
  async onHostChanged(event: PayloadOf<typeof HOST_CHANGED>): Promise<void> {
    if (event.change !== 'deleted') return;
    const changed = await this.packs.transaction((tx) => this.references.forgetTargets('host', event.hostIds, tx));
    await this.references.changed(changed);
  }
}
