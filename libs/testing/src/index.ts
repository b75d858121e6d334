export * from './wait-for';
export * from './free-port';
export * from './tcp-proxy';
export * from './node-process';
export * from './constellation';
export * from './self-signed-cert';
export * from './agent-sim';
export * from './nats-cleanup';
