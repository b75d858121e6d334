import type { ErrorDetail } from '@flotilla/platform-errors';
import { FlotillaError } from '@flotilla/platform-errors';

/** Every way the app config API fails (Fleet's error body, mapped once here). */
export type AppConfigErrorCode = 'invalid_parameter' | 'invalid_config' | 'invalid_agent_options';

export class AppConfigError extends FlotillaError<AppConfigErrorCode> {
  /** A bad query flag (`dry_run`, `force`). */
  static invalidParameters(details: readonly ErrorDetail[]): AppConfigError {
    return new AppConfigError('invalid_parameter', 'Bad request', 400, details);
  }

  /** The body is not a valid partial config document, or would leave the settings inconsistent. */
  static invalidConfig(details: readonly ErrorDetail[]): AppConfigError {
    return new AppConfigError('invalid_config', 'Validation Failed', 422, details);
  }

  /** `agent_options` is not a valid agent options document (or is over 2 MiB). */
  static invalidAgentOptions(details: readonly ErrorDetail[]): AppConfigError {
    return new AppConfigError('invalid_agent_options', 'Validation Failed', 422, details);
  }
}
