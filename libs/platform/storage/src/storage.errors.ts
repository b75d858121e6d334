import { FlotillaError } from '@flotilla/platform-errors';

export type StorageErrorCode = 'not_found' | 'invalid_key';

export const STORAGE_ERROR_STATUS: Readonly<Record<StorageErrorCode, number>> = {
  not_found: 404,
  invalid_key: 400,
};

/** What ObjectStorage throws for a missing object or a key it will not store. */
export class StorageError extends FlotillaError<StorageErrorCode> {
  constructor(code: StorageErrorCode, message: string) {
    super(code, message, STORAGE_ERROR_STATUS[code], [{ name: 'key', reason: message }]);
  }

  static notFound(key: string): StorageError {
    return new StorageError('not_found', `object ${JSON.stringify(key)} not found`);
  }

  static invalidKey(reason: string): StorageError {
    return new StorageError('invalid_key', `invalid object key: ${reason}`);
  }
}
