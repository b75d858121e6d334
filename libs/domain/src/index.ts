export * from './services';
export * from './version';
export * from './roles';
