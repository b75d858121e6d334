import { ArgumentsHost, Catch, ExceptionFilter, HttpException } from '@nestjs/common';
import { fleetErrorBody, FleetErrorBody, FlotillaError, genericMessage, toFleetError } from '@flotilla/platform-errors';
import type { Logger } from '@flotilla/platform-logging';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * The one place HTTP errors are shaped: every error leaves as Fleet's body
 * `{"message", "errors":[{"name","reason"}]}` with the right status. Client mistakes caught by
 * Fastify itself (bad JSON, body too large, wrong content type) keep their 4xx; anything unknown
 * is a 500 whose body carries only an error id, logged with the full error.
 */
@Catch()
export class FleetExceptionFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(err: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const request = http.getRequest<FastifyRequest>();
    const { status, body } = this.shape(err, request);
    if (reply.sent) return;
    if (err instanceof FlotillaError) for (const [name, value] of Object.entries(err.headers)) void reply.header(name, value);
    void reply.status(status).header('content-type', 'application/json; charset=utf-8').send(body);
  }

  private shape(err: unknown, request: FastifyRequest): { status: number; body: FleetErrorBody } {
    if (err instanceof FlotillaError) {
      if (err.status >= 500) this.logger.warn({ reqId: request.id, code: err.code, err }, err.message);
      return toFleetError(err, String(request.id));
    }
    if (err instanceof HttpException) {
      const status = err.getStatus();
      if (status < 500) return { status, body: fleetErrorBody(httpExceptionMessage(err)) };
    }
    const clientStatus = fastifyClientStatus(err);
    if (clientStatus !== undefined) {
      const message = clientStatus === 413 ? 'Request body is too large' : (err as Error).message || genericMessage(clientStatus);
      return { status: clientStatus, body: fleetErrorBody(message, [{ name: 'base', reason: message }]) };
    }
    this.logger.error({ reqId: request.id, errorId: request.id, err }, 'unhandled error');
    return toFleetError(err, String(request.id));
  }
}

function httpExceptionMessage(err: HttpException): string {
  const response = err.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (Array.isArray(message)) return message.join('; ');
  if (typeof message === 'string') return message;
  return genericMessage(err.getStatus());
}

/** Fastify's own errors (FST_ERR_CTP_*, body parsing) carry a 4xx `statusCode`. */
function fastifyClientStatus(err: unknown): number | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const status = (err as { statusCode?: unknown }).statusCode;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : undefined;
}
