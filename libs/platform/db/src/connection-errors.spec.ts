import { QueryFailedError } from 'typeorm';
import { isConnectionError } from './connection-errors';

function driverError(code: string, message = code): Error {
  return Object.assign(new Error(message), { code });
}

describe('isConnectionError', () => {
  it('recognises lost or refused connections, raw or wrapped by TypeORM', () => {
    expect(isConnectionError(driverError('ECONNREFUSED'))).toBe(true);
    expect(isConnectionError(driverError('PROTOCOL_CONNECTION_LOST'))).toBe(true);
    expect(isConnectionError(new QueryFailedError('SELECT 1', [], driverError('ECONNRESET')))).toBe(true);
    expect(isConnectionError(new Error('Pool is closed.'))).toBe(true);
  });

  it('does not treat query errors as outages', () => {
    expect(isConnectionError(driverError('ER_DUP_ENTRY', "Duplicate entry '1' for key 'PRIMARY'"))).toBe(false);
    expect(isConnectionError(new QueryFailedError('SELEC 1', [], driverError('ER_PARSE_ERROR')))).toBe(false);
    expect(isConnectionError(driverError('SQLITE_CONSTRAINT_PRIMARYKEY'))).toBe(false);
    expect(isConnectionError('ECONNREFUSED')).toBe(false);
    expect(isConnectionError(null)).toBe(false);
  });
});
