export { VppSyncModule } from './vpp-sync.module';
export { VPP_SYNC_CONFIG, VPP_SYNC_OWN_CONFIG } from './config/vpp-sync.config';
