import pino, { Logger, LoggerOptions } from 'pino';

export type { Logger } from 'pino';

/** Paths redacted from every log line: credentials never reach logs. */
const REDACT = [
  'req.headers.authorization',
  'req.headers.cookie',
  '*.password',
  '*.node_key',
  '*.enroll_secret',
  '*.token',
  '*.secret',
];

export interface LoggerSettings {
  level: string;
  /** Bound to every line (`service`, `mode`, `instance`). */
  base: Record<string, string>;
  /** Asynchronous writes (pino's sonic-boom with a buffer) so logging never blocks a hot path. */
  sync?: boolean;
  destination?: NodeJS.WritableStream;
}

/** Structured JSON logs on stdout (pino), one line per event, with ISO timestamps. */
export function createLogger(settings: LoggerSettings): Logger {
  const options: LoggerOptions = {
    level: settings.level,
    base: settings.base,
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACT, censor: '[redacted]' },
    formatters: { level: (label) => ({ level: label }) },
  };
  if (settings.destination) return pino(options, settings.destination);
  const dest = pino.destination({ dest: 1, sync: settings.sync ?? false, minLength: settings.sync ? 0 : 4096 });
  const logger = pino(options, dest);
  // Flush buffered lines before the process exits.
  process.once('beforeExit', () => dest.flushSync());
  return logger;
}
