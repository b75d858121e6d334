import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import { CodecError } from '@flotilla/codec-core';
import { fleetErrorBody } from '@flotilla/platform-errors';
import type { FastifyReply } from 'fastify';
import { OsqueryAgentError } from './osquery-agent.errors';

/** The errors answered in osquery's terms (the rest go to the platform's filter). */
export function isOsqueryAnswerable(err: unknown): err is OsqueryAgentError | CodecError {
  return err instanceof OsqueryAgentError || err instanceof CodecError;
}

/**
 * The one mapping of osquery-facing errors to answers: protocol errors in osquery's form
 * (`error`, `node_invalid`), malformed bodies as a 400 (413 when too large) in Fleet's generic
 * error shape (as Fleet does). Used by the filter and by the hot routes (osquery-hot.routes.ts).
 */
export function sendOsqueryError(reply: FastifyReply, err: OsqueryAgentError | CodecError): void {
  if (err instanceof OsqueryAgentError) {
    void reply.status(err.status).send({ error: err.message, ...(err.nodeInvalid ? { node_invalid: true } : {}) });
    return;
  }
  const status = err.code === 'too_large' ? 413 : 400;
  void reply.status(status).send(fleetErrorBody('Bad request', [{ name: 'base', reason: err.message }]));
}

/** osquery-facing error answers for the controller's routes (see sendOsqueryError); anything else is rethrown to the platform's filter. */
@Catch(OsqueryAgentError, CodecError)
export class OsqueryErrorFilter implements ExceptionFilter {
  catch(err: OsqueryAgentError | CodecError, host: ArgumentsHost): void {
    sendOsqueryError(host.switchToHttp().getResponse<FastifyReply>(), err);
  }
}
