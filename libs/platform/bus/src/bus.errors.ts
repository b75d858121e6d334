import { ErrorDetail, FlotillaError } from '@flotilla/platform-errors';

export type BusErrorCode =
  /** No reply within the timeout. */
  | 'timeout'
  /** Nobody is subscribed to the request subject (the owning service is down). */
  | 'no_responders'
  /** The payload (sent or received) does not match the contract's schema. */
  | 'invalid_payload'
  /** The remote handler threw; message/code carried from the remote side. */
  | 'remote_error'
  /** The bus itself (NATS) is not reachable. */
  | 'unavailable'
  /** The bus was closed. */
  | 'closed';

const STATUS: Readonly<Record<BusErrorCode, number>> = {
  timeout: 504,
  no_responders: 503,
  invalid_payload: 500,
  remote_error: 500,
  unavailable: 503,
  closed: 503,
};

export class BusError extends FlotillaError<BusErrorCode> {
  /**
   * @param remoteCode for `remote_error`: the `code` of the FlotillaError the remote handler threw.
   * @param status for `remote_error`: the remote FlotillaError's status (so a remote 404 stays a 404).
   * @param details for `remote_error`: the remote FlotillaError's details (Fleet's `errors[]`).
   */
  constructor(code: BusErrorCode, message: string, readonly remoteCode?: string, status?: number, details: readonly ErrorDetail[] = []) {
    super(code, message, status ?? STATUS[code], details);
  }
}
