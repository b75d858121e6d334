/**
 * The one error base class services throw. Each feature declares a closed union of codes in its
 * `<feature>.errors.ts` and maps every code to an HTTP status once; transports (HTTP, bus replies,
 * device protocols) turn a FlotillaError into their own error form.
 */
export interface ErrorDetail {
  /** Field or subject the reason is about (Fleet's `errors[].name`). */
  name: string;
  reason: string;
}

export class FlotillaError<C extends string = string> extends Error {
  /** Response headers the transport adds (e.g. `retry-after` on a 429). */
  headers: Readonly<Record<string, string>> = {};

  constructor(
    readonly code: C,
    message: string,
    readonly status: number,
    readonly details: readonly ErrorDetail[] = [],
  ) {
    super(message);
    this.name = new.target.name;
  }

  /** This error with response headers set (returns itself, for `throw X.y().withHeaders({...})`). */
  withHeaders(headers: Readonly<Record<string, string>>): this {
    this.headers = { ...this.headers, ...headers };
    return this;
  }
}

/** The platform's own codes, used by the shared transports and infrastructure. */
export type PlatformErrorCode =
  | 'bad_request'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'too_many_requests'
  | 'dependency_unavailable'
  | 'timeout';

export const PLATFORM_ERROR_STATUS: Readonly<Record<PlatformErrorCode, number>> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  too_many_requests: 429,
  dependency_unavailable: 503,
  timeout: 504,
};

export class PlatformError extends FlotillaError<PlatformErrorCode> {
  constructor(code: PlatformErrorCode, message: string, details: readonly ErrorDetail[] = []) {
    super(code, message, PLATFORM_ERROR_STATUS[code], details);
  }
}

/** A dependency (database, bus, cache, storage) is down: requests that need it get a clear 503. */
export class DependencyUnavailableError extends PlatformError {
  constructor(readonly dependency: string, cause?: unknown) {
    super('dependency_unavailable', `${dependency} is unavailable`, [
      { name: dependency, reason: 'the service cannot reach this dependency right now; retry later' },
    ]);
    if (cause !== undefined) this.cause = cause;
  }
}
