export { MdmAppleModule } from './mdm-apple.module';
export { MDM_APPLE_CONFIG, MDM_APPLE_OWN_CONFIG } from './config/mdm-apple.config';
