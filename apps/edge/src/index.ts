export { EDGE_CONFIG, LAUNCHER_CONFIG, upstreamKey } from './config/edge.config';
export { createEdgeServer } from './edge.server';
