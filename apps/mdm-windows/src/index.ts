export { MdmWindowsModule } from './mdm-windows.module';
export { MDM_WINDOWS_CONFIG, MDM_WINDOWS_OWN_CONFIG } from './config/mdm-windows.config';
