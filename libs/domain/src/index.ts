export * from './services';
export * from './version';
export * from './roles';
export * from './agent-options';
