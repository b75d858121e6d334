import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import { CodecError } from '@flotilla/codec-core';
import { fleetErrorBody } from '@flotilla/platform-errors';
import type { FastifyReply } from 'fastify';
import { OsqueryAgentError } from './osquery-agent.errors';

/**
 * osquery-facing error answers: protocol errors in osquery's form (`error`, `node_invalid`),
 * malformed bodies as a 400 in Fleet's generic error shape (as Fleet does). Anything else is
 * rethrown to the platform's filter.
 */
@Catch(OsqueryAgentError, CodecError)
export class OsqueryErrorFilter implements ExceptionFilter {
  catch(err: OsqueryAgentError | CodecError, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    if (err instanceof OsqueryAgentError) {
      void reply.status(err.status).send({ error: err.message, ...(err.nodeInvalid ? { node_invalid: true } : {}) });
      return;
    }
    const status = err.code === 'too_large' ? 413 : 400;
    void reply.status(status).send(fleetErrorBody('Bad request', [{ name: 'base', reason: err.message }]));
  }
}
