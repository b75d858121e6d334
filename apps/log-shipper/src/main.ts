import { runMain, startServer } from '@flotilla/platform-server';
import { loadLogShipperConfig } from './config/log-shipper.config';
import { LogShipperModule } from './log-shipper.module';

runMain(() => startServer({ mode: 'distributed', services: ['log-shipper'], modules: [LogShipperModule], env: loadLogShipperConfig() }));
