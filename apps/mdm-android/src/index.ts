export { MdmAndroidModule } from './mdm-android.module';
export { MDM_ANDROID_CONFIG, MDM_ANDROID_OWN_CONFIG } from './config/mdm-android.config';
