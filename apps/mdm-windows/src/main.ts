import { runMain, startServer } from '@flotilla/platform-server';
import { loadMdmWindowsConfig } from './config/mdm-windows.config';
import { MdmWindowsModule } from './mdm-windows.module';

runMain(() => startServer({ mode: 'distributed', services: ['mdm-windows'], modules: [MdmWindowsModule], env: loadMdmWindowsConfig() }));
