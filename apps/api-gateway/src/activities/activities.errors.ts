import type { ErrorDetail } from '@flotilla/platform-errors';
import { FlotillaError } from '@flotilla/platform-errors';

export type ActivitiesErrorCode = 'invalid_parameter';

export class ActivitiesError extends FlotillaError<ActivitiesErrorCode> {
  static invalidParameters(details: readonly ErrorDetail[]): ActivitiesError {
    return new ActivitiesError('invalid_parameter', 'Bad request', 400, details);
  }
}
