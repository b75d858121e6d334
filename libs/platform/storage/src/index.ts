export * from './object-storage';
export * from './storage.errors';
export * from './object-key';
export * from './folder-storage';
export * from './s3-storage';
