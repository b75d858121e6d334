/** Connection parameters parsed from a `mysql://user:pass@host:port/db` URL. */
export interface MysqlTarget {
  host: string;
  port: number;
  user: string;
  password: string | undefined;
  database: string;
}

const DATABASE_NAME = /^[A-Za-z0-9_$-]{1,64}$/;

/**
 * Parses `mysql://user:pass@host:port/db` (also `mariadb://`). User and password are
 * percent-decoded. Throws a message that never contains the password.
 */
export function parseMysqlUrl(url: string): MysqlTarget {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`invalid MySQL URL ${redactUrl(url)}: expected mysql://user:pass@host:port/database`);
  }
  if (parsed.protocol !== 'mysql:' && parsed.protocol !== 'mariadb:') {
    throw new Error(`invalid MySQL URL ${redactUrl(url)}: scheme must be mysql://`);
  }
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  if (!DATABASE_NAME.test(database)) {
    throw new Error(`invalid MySQL URL ${redactUrl(url)}: database name must match ${DATABASE_NAME.source}`);
  }
  const port = parsed.port === '' ? 3306 : Number(parsed.port);
  return {
    host: parsed.hostname.replace(/^\[(.*)\]$/, '$1') || '127.0.0.1',
    port,
    user: decodeURIComponent(parsed.username) || 'root',
    password: parsed.password === '' ? undefined : decodeURIComponent(parsed.password),
    database,
  };
}

/** Text with the password of every `scheme://user:pass@` URL in it replaced by `***`, safe for logs. */
export function redactUrl(text: string): string {
  return text.replace(/(\/\/[^:/@\s]*):[^@/\s]*@/g, '$1:***@');
}

/** `mysql://user@host:port/db` for log lines: never includes the password. */
export function describeMysqlTarget(target: MysqlTarget): string {
  const host = target.host.includes(':') ? `[${target.host}]` : target.host;
  return `mysql://${encodeURIComponent(target.user)}@${host}:${target.port}/${target.database}`;
}
