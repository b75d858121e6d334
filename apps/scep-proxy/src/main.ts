import { runMain, startServer } from '@flotilla/platform-server';
import { loadScepProxyConfig } from './config/scep-proxy.config';
import { ScepProxyModule } from './scep-proxy.module';

runMain(() => startServer({ mode: 'distributed', services: ['scep-proxy'], modules: [ScepProxyModule], env: loadScepProxyConfig() }));
