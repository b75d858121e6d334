import type { ErrorDetail } from '@flotilla/platform-errors';
import { FlotillaError } from '@flotilla/platform-errors';

/** Every way the policies API fails, in Fleet's error body. */
export type PoliciesErrorCode = 'invalid_parameter' | 'invalid_body' | 'validation_failed' | 'policy_not_found' | 'team_not_found' | 'policy_name_taken';

export class PoliciesError extends FlotillaError<PoliciesErrorCode> {
  /** A bad query string or path parameter. */
  static invalidParameters(details: readonly ErrorDetail[]): PoliciesError {
    return new PoliciesError('invalid_parameter', 'Bad request', 400, details);
  }

  /** A body that is not what the route takes: not an object, wrong types, unknown fields. */
  static invalidBody(details: readonly ErrorDetail[]): PoliciesError {
    return new PoliciesError('invalid_body', 'Bad request', 400, details);
  }

  /** Well-formed but invalid values: a missing name, a query that is not SQL, an unknown platform or label. */
  static validation(details: readonly ErrorDetail[]): PoliciesError {
    return new PoliciesError('validation_failed', 'Validation Failed', 422, details);
  }

  static notFound(id: number): PoliciesError {
    return new PoliciesError('policy_not_found', 'Resource Not Found', 404, [{ name: 'base', reason: `policy ${id} was not found in the datastore` }]);
  }

  static teamNotFound(team: number | string): PoliciesError {
    return new PoliciesError('team_not_found', 'Resource Not Found', 404, [{ name: 'team', reason: `team ${typeof team === 'string' ? JSON.stringify(team) : team} was not found in the datastore` }]);
  }

  static nameTaken(name: string): PoliciesError {
    return new PoliciesError('policy_name_taken', 'Resource Already Exists', 409, [{ name: 'name', reason: `a policy named ${JSON.stringify(name)} already exists in this team` }]);
  }
}
