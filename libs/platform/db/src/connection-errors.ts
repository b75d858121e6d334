/** Driver error codes meaning "the database went away", as opposed to a bad query. */
const CONNECTION_ERROR_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'ER_SERVER_SHUTDOWN',
  'ER_CON_COUNT_ERROR',
  'ER_NET_READ_INTERRUPTED',
  'SQLITE_CANTOPEN',
  'SQLITE_IOERR',
]);

function codeOf(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const code: unknown = (err as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

/** True for errors (TypeORM's QueryFailedError or the raw driver error) caused by losing the database. */
export function isConnectionError(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const driverError: unknown = (err as { driverError?: unknown }).driverError;
  const code = codeOf(err) ?? codeOf(driverError);
  if (code !== undefined && CONNECTION_ERROR_CODES.has(code)) return true;
  const message = err instanceof Error ? err.message : '';
  return /Pool is closed|Connection lost|connection is in closed state|Can't add new command when connection is in closed state/i.test(message);
}

/** MySQL ER_DUP_ENTRY or SQLite SQLITE_CONSTRAINT_UNIQUE/PRIMARYKEY, raw or wrapped in TypeORM's QueryFailedError. */
export function isDuplicateKey(err: unknown): boolean {
  const codes = [err, (err as { driverError?: unknown } | null)?.driverError].map((e) => (e as { code?: unknown } | null | undefined)?.code);
  return codes.some((c) => c === 'ER_DUP_ENTRY' || c === 'SQLITE_CONSTRAINT_UNIQUE' || c === 'SQLITE_CONSTRAINT_PRIMARYKEY');
}
