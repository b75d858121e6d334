export { LiveQueryModule } from './live-query.module';
export { LIVE_QUERY_CONFIG, LIVE_QUERY_OWN_CONFIG } from './config/live-query.config';
