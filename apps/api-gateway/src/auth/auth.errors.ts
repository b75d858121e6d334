import type { ErrorDetail } from '@flotilla/platform-errors';
import { FlotillaError } from '@flotilla/platform-errors';

/** Every way authentication, login, setup and password flows fail (Fleet's error body). */
export type AuthErrorCode =
  | 'missing_token'
  | 'invalid_token'
  | 'login_failed'
  | 'rate_limited'
  | 'invalid_body'
  | 'invalid_password'
  | 'setup_completed'
  | 'email_not_configured'
  | 'invalid_reset_token'
  | 'session_not_found';

const TOKEN_REASONS = {
  missing_token: 'missing or malformed Authorization header (expected "Bearer <token>")',
  invalid_token: 'invalid or expired API token',
} as const;

export class AuthError extends FlotillaError<AuthErrorCode> {
  constructor(code: 'missing_token' | 'invalid_token') {
    super(code, 'Authentication required', 401, [{ name: 'base', reason: TOKEN_REASONS[code] }]);
  }

  /** Wrong email or password, or a disabled login: one answer for all, so no account can be guessed. */
  static loginFailed(): FlotillaError<AuthErrorCode> {
    return new FlotillaError<AuthErrorCode>('login_failed', 'Authentication failed', 401, [{ name: 'base', reason: 'Authentication failed' }]);
  }

  static rateLimited(retryAfterSeconds: number): FlotillaError<AuthErrorCode> {
    return new FlotillaError<AuthErrorCode>('rate_limited', 'Too many requests', 429, [
      { name: 'base', reason: `too many attempts; retry in ${retryAfterSeconds} s` },
    ]).withHeaders({ 'retry-after': String(retryAfterSeconds) });
  }

  static invalidBody(details: readonly ErrorDetail[]): FlotillaError<AuthErrorCode> {
    return new FlotillaError<AuthErrorCode>('invalid_body', 'Bad request', 400, details);
  }

  static invalidPassword(details: readonly ErrorDetail[]): FlotillaError<AuthErrorCode> {
    return new FlotillaError<AuthErrorCode>('invalid_password', 'Validation Failed', 422, details);
  }

  static setupCompleted(): FlotillaError<AuthErrorCode> {
    return new FlotillaError<AuthErrorCode>('setup_completed', 'Setup already completed', 409, [
      { name: 'base', reason: 'setup has already been completed: a user exists; log in instead' },
    ]);
  }

  static emailNotConfigured(): FlotillaError<AuthErrorCode> {
    return new FlotillaError<AuthErrorCode>('email_not_configured', 'Email is not configured', 422, [
      { name: 'base', reason: 'SMTP is not configured (smtp_settings in /config): no email can be sent; ask an admin to reset the password instead' },
    ]);
  }

  static invalidResetToken(): FlotillaError<AuthErrorCode> {
    return new FlotillaError<AuthErrorCode>('invalid_reset_token', 'Validation Failed', 422, [
      { name: 'password_reset_token', reason: 'the password reset token is invalid or has expired' },
    ]);
  }

  static sessionNotFound(id: number): FlotillaError<AuthErrorCode> {
    return new FlotillaError<AuthErrorCode>('session_not_found', 'Resource Not Found', 404, [{ name: 'base', reason: `session ${id} was not found` }]);
  }
}
