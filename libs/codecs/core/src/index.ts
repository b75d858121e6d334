export * from './codec-error';
export * from './limits';
