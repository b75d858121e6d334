export * from './dependency';
export * from './backoff';
export * from './keep-connected';
