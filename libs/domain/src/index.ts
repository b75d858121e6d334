export * from './services';
export * from './version';
