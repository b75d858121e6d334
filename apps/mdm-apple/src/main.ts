import { runMain, startServer } from '@flotilla/platform-server';
import { loadMdmAppleConfig } from './config/mdm-apple.config';
import { MdmAppleModule } from './mdm-apple.module';

runMain(() => startServer({ mode: 'distributed', services: ['mdm-apple'], modules: [MdmAppleModule], env: loadMdmAppleConfig() }));
