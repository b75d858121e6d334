import { ErrorDetail, FlotillaError } from './flotilla-error';

/** Fleet's REST error body: `{"message": "...", "errors": [{"name": "...", "reason": "..."}]}`. */
export interface FleetErrorBody {
  message: string;
  errors: ErrorDetail[];
}

const GENERIC_MESSAGES: Readonly<Record<number, string>> = {
  400: 'Bad request',
  401: 'Authentication required',
  403: 'Permission Denied',
  404: 'Resource Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Request Entity Too Large',
  415: 'Unsupported Media Type',
  422: 'Validation Failed',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

export function genericMessage(status: number): string {
  return GENERIC_MESSAGES[status] ?? (status >= 500 ? 'Internal Server Error' : 'Bad request');
}

export function fleetErrorBody(message: string, errors: readonly ErrorDetail[] = []): FleetErrorBody {
  return { message, errors: errors.length > 0 ? [...errors] : [{ name: 'base', reason: message }] };
}

/** Maps any thrown value to a status and Fleet body. Unknown errors become a 500 carrying only an error id. */
export function toFleetError(err: unknown, errorId: string): { status: number; body: FleetErrorBody } {
  if (err instanceof FlotillaError) {
    return { status: err.status, body: fleetErrorBody(err.message, err.details) };
  }
  return {
    status: 500,
    body: fleetErrorBody(genericMessage(500), [{ name: 'base', reason: `internal error, id ${errorId}` }]),
  };
}
