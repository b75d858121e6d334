export * from './flotilla-error';
export * from './fleet-error-body';
