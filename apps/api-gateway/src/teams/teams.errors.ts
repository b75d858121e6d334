import { BusError } from '@flotilla/platform-bus';
import type { ErrorDetail } from '@flotilla/platform-errors';
import { FlotillaError } from '@flotilla/platform-errors';
import { ownerFailure, type OwnerFailureCode } from '../common/bus-failure';

/** Every way the teams API (and moving hosts between teams) fails, in Fleet's error body. */
export type TeamsErrorCode =
  | 'invalid_parameter'
  | 'invalid_body'
  | 'team_not_found'
  | 'team_name_taken'
  | 'unknown_users'
  | 'global_user'
  | 'secret_taken'
  | 'owner_rejected'
  | OwnerFailureCode;

export class TeamsError extends FlotillaError<TeamsErrorCode> {
  /** A bad query string or path parameter. */
  static invalidParameters(details: readonly ErrorDetail[]): TeamsError {
    return new TeamsError('invalid_parameter', 'Bad request', 400, details);
  }

  /** A body that is not what the route takes: wrong types, unknown keys, invalid values. */
  static invalidBody(details: readonly ErrorDetail[]): TeamsError {
    return new TeamsError('invalid_body', 'Validation Failed', 422, details);
  }

  static notFound(id: number): TeamsError {
    return new TeamsError('team_not_found', 'Resource Not Found', 404, [{ name: 'base', reason: `team ${id} was not found in the datastore` }]);
  }

  static nameTaken(existing: string): TeamsError {
    return new TeamsError('team_name_taken', 'Resource Already Exists', 409, [
      { name: 'name', reason: `A team named ${JSON.stringify(existing)} already exists. Team names must differ by more than letter case.` },
    ]);
  }

  static unknownUsers(ids: readonly number[]): TeamsError {
    return new TeamsError('unknown_users', 'Validation Failed', 422, [{ name: 'users', reason: `no user with id ${ids.join(', ')}` }]);
  }

  static globalUsers(ids: readonly number[]): TeamsError {
    return new TeamsError('global_user', 'Validation Failed', 422, [
      { name: 'users', reason: `user ${ids.join(', ')} has a global role, which already applies to every team; change the global role instead` },
    ]);
  }

  /**
   * A failed request to osquery-ingest (owner of hosts and enroll secrets): down, slow or
   * failing → 503/504/500; its own refusals keep their status and reasons.
   */
  static fromBus(err: unknown): Error {
    const failure = ownerFailure(err, 'osquery-ingest');
    if (failure) return new TeamsError(failure.code, failure.message, failure.status, failure.details);
    if (err instanceof BusError && err.code === 'remote_error') {
      const details = err.details.length > 0 ? err.details : [{ name: 'base', reason: err.message }];
      return new TeamsError(err.remoteCode === 'secret_taken' ? 'secret_taken' : 'owner_rejected', err.message, err.status, details);
    }
    return err instanceof Error ? err : new Error(String(err));
  }
}
