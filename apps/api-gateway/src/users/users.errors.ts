import type { ErrorDetail } from '@flotilla/platform-errors';
import { FlotillaError } from '@flotilla/platform-errors';

/** Every way the users and invites API fails (Fleet's error body). */
export type UsersErrorCode = 'invalid_parameter' | 'invalid_body' | 'validation_failed' | 'user_not_found' | 'invite_not_found' | 'email_taken' | 'last_admin';

export class UsersError extends FlotillaError<UsersErrorCode> {
  static invalidParameters(details: readonly ErrorDetail[]): UsersError {
    return new UsersError('invalid_parameter', 'Bad request', 400, details);
  }

  static invalidBody(details: readonly ErrorDetail[]): UsersError {
    return new UsersError('invalid_body', 'Bad request', 400, details);
  }

  static validation(details: readonly ErrorDetail[]): UsersError {
    return new UsersError('validation_failed', 'Validation Failed', 422, details);
  }

  static notFound(id: number): UsersError {
    return new UsersError('user_not_found', 'Resource Not Found', 404, [{ name: 'base', reason: `user ${id} was not found` }]);
  }

  static inviteNotFound(): UsersError {
    return new UsersError('invite_not_found', 'Resource Not Found', 404, [{ name: 'base', reason: 'invite was not found (or its token is invalid)' }]);
  }

  static emailTaken(email: string, by: 'user' | 'invite'): UsersError {
    return new UsersError('email_taken', 'Conflict', 409, [{ name: 'email', reason: `${email} already ${by === 'user' ? 'has an account' : 'has a pending invite'}` }]);
  }

  static lastAdmin(): UsersError {
    return new UsersError('last_admin', 'Validation Failed', 422, [{ name: 'global_role', reason: 'this is the last global admin: make someone else admin first' }]);
  }
}
