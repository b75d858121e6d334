export { LogShipperModule } from './log-shipper.module';
export { LOG_SHIPPER_CONFIG, LOG_SHIPPER_OWN_CONFIG, LOG_SHIPPER_STANDALONE_CONFIG } from './config/log-shipper.config';
