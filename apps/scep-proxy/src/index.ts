export { ScepProxyModule } from './scep-proxy.module';
export { SCEP_PROXY_CONFIG, SCEP_PROXY_OWN_CONFIG } from './config/scep-proxy.config';
