import type { ErrorDetail } from '@flotilla/platform-errors';
import { FlotillaError } from '@flotilla/platform-errors';

/** Every way the labels API fails (Fleet's error body, mapped once here). */
export type LabelsErrorCode = 'invalid_parameter' | 'invalid_body' | 'validation_failed' | 'label_not_found' | 'label_name_taken' | 'builtin_label' | 'immutable_field' | 'unknown_hosts';

export class LabelsError extends FlotillaError<LabelsErrorCode> {
  /** A bad query string or path parameter. */
  static invalidParameters(details: readonly ErrorDetail[]): LabelsError {
    return new LabelsError('invalid_parameter', 'Bad request', 400, details);
  }

  /** A body that is not what the route takes: wrong types, unknown keys. */
  static invalidBody(details: readonly ErrorDetail[]): LabelsError {
    return new LabelsError('invalid_body', 'Bad request', 400, details);
  }

  /** Well-formed but invalid values (name, query, platform, membership). */
  static validation(name: string, reason: string): LabelsError {
    return new LabelsError('validation_failed', 'Validation Failed', 422, [{ name, reason }]);
  }

  static notFound(what: string): LabelsError {
    return new LabelsError('label_not_found', 'Resource Not Found', 404, [{ name: 'base', reason: `${what} was not found in the datastore` }]);
  }

  static nameTaken(existing: string): LabelsError {
    return new LabelsError('label_name_taken', 'Resource Already Exists', 409, [
      { name: 'name', reason: `A label named ${JSON.stringify(existing)} already exists. Label names must differ by more than letter case.` },
    ]);
  }

  static builtin(name: string, act: 'modified' | 'deleted'): LabelsError {
    return new LabelsError('builtin_label', 'Validation Failed', 422, [{ name: 'base', reason: `${JSON.stringify(name)} is a built-in label and cannot be ${act}` }]);
  }

  /** A dynamic label's query and platform are fixed once created (as in Fleet): delete and re-create it. */
  static immutable(field: 'query' | 'platform' | 'label_membership_type'): LabelsError {
    return new LabelsError('immutable_field', 'Validation Failed', 422, [
      { name: field, reason: `${field} of an existing label cannot be changed; delete the label and create a new one (or apply a label spec)` },
    ]);
  }

  /** Hosts named for a manual label that do not exist (or that the caller cannot see). */
  static unknownHosts(field: string, unknown: ReadonlyArray<number | string>): LabelsError {
    const shown = unknown.slice(0, 20).map((h) => (typeof h === 'number' ? String(h) : JSON.stringify(h)));
    const more = unknown.length > 20 ? ` and ${unknown.length - 20} more` : '';
    return new LabelsError('unknown_hosts', 'Validation Failed', 422, [{ name: field, reason: `no host ${shown.join(', ')}${more}` }]);
  }
}
