import type { ErrorDetail } from '@flotilla/platform-errors';
import { FlotillaError } from '@flotilla/platform-errors';

/** Every way the packs API (packs, their scheduled queries, pack specs) fails, in Fleet's error body. */
export type PacksErrorCode =
  | 'invalid_parameter'
  | 'invalid_body'
  | 'unknown_reference'
  | 'validation_failed'
  | 'pack_not_found'
  | 'scheduled_query_not_found'
  | 'pack_name_taken'
  | 'scheduled_query_name_taken';

export class PacksError extends FlotillaError<PacksErrorCode> {
  /** A bad query string or path parameter. */
  static invalidParameters(details: readonly ErrorDetail[]): PacksError {
    return new PacksError('invalid_parameter', 'Bad request', 400, details);
  }

  /** A body that is not what the route takes: not an object, wrong types, unknown fields. */
  static invalidBody(details: readonly ErrorDetail[]): PacksError {
    return new PacksError('invalid_body', 'Bad request', 400, details);
  }

  /** Hosts, labels, teams, packs or saved queries a body names (by id or name) that do not exist. */
  static unknownReferences(details: readonly ErrorDetail[]): PacksError {
    return new PacksError('unknown_reference', 'Bad request', 400, details);
  }

  /** Well-formed but invalid values: a missing name, an interval or shard out of range, an unknown platform… */
  static validation(details: readonly ErrorDetail[]): PacksError {
    return new PacksError('validation_failed', 'Validation Failed', 422, details);
  }

  static notFound(what: number | string): PacksError {
    const reason = typeof what === 'number' ? `pack ${what} was not found in the datastore` : `pack ${JSON.stringify(what)} was not found in the datastore`;
    return new PacksError('pack_not_found', 'Resource Not Found', 404, [{ name: 'base', reason }]);
  }

  static scheduledNotFound(id: number): PacksError {
    return new PacksError('scheduled_query_not_found', 'Resource Not Found', 404, [{ name: 'base', reason: `scheduled query ${id} was not found in the datastore` }]);
  }

  static nameTaken(name: string): PacksError {
    return new PacksError('pack_name_taken', 'Resource Already Exists', 409, [
      { name: 'name', reason: `a pack named ${JSON.stringify(name)} already exists (pack names must differ by more than letter case)` },
    ]);
  }

  static scheduledNameTaken(name: string, field = 'name'): PacksError {
    return new PacksError('scheduled_query_name_taken', 'Resource Already Exists', 409, [
      { name: field, reason: `the pack already schedules a query named ${JSON.stringify(name)}; give this one another name` },
    ]);
  }
}
