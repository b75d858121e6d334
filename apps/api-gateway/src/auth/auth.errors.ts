import { FlotillaError } from '@flotilla/platform-errors';

/** Why an admin API request was not authenticated. Both are Fleet's 401 "Authentication required". */
export type AuthErrorCode = 'missing_token' | 'invalid_token';

const REASONS: Readonly<Record<AuthErrorCode, string>> = {
  missing_token: 'missing or malformed Authorization header (expected "Bearer <token>")',
  invalid_token: 'invalid or expired API token',
};

export class AuthError extends FlotillaError<AuthErrorCode> {
  constructor(code: AuthErrorCode) {
    super(code, 'Authentication required', 401, [{ name: 'base', reason: REASONS[code] }]);
  }
}
