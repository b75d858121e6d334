import { runMain, startServer } from '@flotilla/platform-server';
import { loadApiGatewayConfig } from './config/api-gateway.config';
import { ApiGatewayModule } from './api-gateway.module';

runMain(() => startServer({ mode: 'distributed', services: ['api-gateway'], modules: [ApiGatewayModule], env: loadApiGatewayConfig() }));
