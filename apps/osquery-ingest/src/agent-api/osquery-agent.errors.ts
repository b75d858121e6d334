import { FlotillaError } from '@flotilla/platform-errors';

/**
 * Errors answered in osquery's own form: `{"error": "...", "node_invalid": true?}`. osquery looks
 * only at those two keys: `node_invalid` makes it drop its node key and re-enroll; `error` makes
 * the call count as failed so it keeps (and later resends) what it sent.
 */
export type OsqueryAgentErrorCode = 'node_invalid' | 'enroll_failed' | 'log_store_unavailable';

const STATUS: Readonly<Record<OsqueryAgentErrorCode, number>> = {
  node_invalid: 401,
  enroll_failed: 401,
  log_store_unavailable: 503,
};

export class OsqueryAgentError extends FlotillaError<OsqueryAgentErrorCode> {
  constructor(code: OsqueryAgentErrorCode, message: string) {
    super(code, message, STATUS[code]);
  }

  get nodeInvalid(): boolean {
    return this.code === 'node_invalid' || this.code === 'enroll_failed';
  }
}
