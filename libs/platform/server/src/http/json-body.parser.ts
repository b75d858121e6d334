import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { RawServerDefault } from 'fastify';

/**
 * JSON bodies as Fleet (Go) reads them: an empty body is no body rather than a 400, since
 * clients send `Content-Type: application/json` on bodiless DELETE and POST requests
 * (`DELETE /hosts/{id}`, `POST /hosts/{id}/refetch`). Anything else is Fastify's own parser
 * (prototype-poisoning checks included), with the process's body limit.
 */
export function installJsonBodyParser(app: NestFastifyApplication, bodyLimit: number): void {
  const parseJson = app.getHttpAdapter().getInstance().getDefaultJsonParser('error', 'error');
  app.useBodyParser<RawServerDefault>('application/json', { bodyLimit }, (request, body, done) => {
    if (body.length === 0) return done(null, undefined);
    parseJson(request, body.toString('utf8'), done);
  });
}
