import type { ErrorDetail } from '@flotilla/platform-errors';
import { FlotillaError } from '@flotilla/platform-errors';
import { BusError } from '@flotilla/platform-bus';
import { ownerFailure, type OwnerFailureCode } from '../common/bus-failure';

/** Every way the enroll-secret spec API fails. */
export type EnrollSecretsErrorCode = 'invalid_parameter' | 'invalid_spec' | 'secret_taken' | 'secrets_rejected' | OwnerFailureCode;

export class EnrollSecretsError extends FlotillaError<EnrollSecretsErrorCode> {
  static invalidParameters(details: readonly ErrorDetail[]): EnrollSecretsError {
    return new EnrollSecretsError('invalid_parameter', 'Bad request', 400, details);
  }

  static invalidSpec(details: readonly ErrorDetail[]): EnrollSecretsError {
    return new EnrollSecretsError('invalid_spec', 'Validation Failed', 422, details);
  }

  /**
   * A failed request to osquery-ingest (the secrets' owner): `secret_taken` keeps its 409 and
   * reasons; other refusals keep their status; an unreachable or failing owner is 503/504/500.
   */
  static fromBus(err: unknown): Error {
    const failure = ownerFailure(err, 'osquery-ingest');
    if (failure) return new EnrollSecretsError(failure.code, failure.message, failure.status, failure.details);
    if (err instanceof BusError && err.code === 'remote_error') {
      const details = err.details.length > 0 ? err.details : [{ name: 'secrets', reason: err.message }];
      if (err.remoteCode === 'secret_taken') return new EnrollSecretsError('secret_taken', err.message, err.status, details);
      return new EnrollSecretsError('secrets_rejected', err.message, err.status, details);
    }
    return err instanceof Error ? err : new Error(String(err));
  }
}
