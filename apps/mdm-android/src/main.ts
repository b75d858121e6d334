import { runMain, startServer } from '@flotilla/platform-server';
import { loadMdmAndroidConfig } from './config/mdm-android.config';
import { MdmAndroidModule } from './mdm-android.module';

runMain(() => startServer({ mode: 'distributed', services: ['mdm-android'], modules: [MdmAndroidModule], env: loadMdmAndroidConfig() }));
