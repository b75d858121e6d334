import { FlotillaError } from '@flotilla/platform-errors';

export type AuthzErrorCode = 'forbidden' | 'password_reset_required';

/** Authenticated but not allowed: Fleet's 403. */
export class AuthzError extends FlotillaError<AuthzErrorCode> {
  static forbidden(reason = 'forbidden'): AuthzError {
    return new AuthzError('forbidden', 'forbidden', 403, [{ name: 'base', reason }]);
  }

  static passwordResetRequired(): AuthzError {
    return new AuthzError('password_reset_required', 'forbidden', 403, [
      { name: 'base', reason: 'password reset required: POST /api/latest/fleet/perform_required_password_reset first' },
    ]);
  }
}
