import { fleetErrorBody, toFleetError } from './fleet-error-body';
import { DependencyUnavailableError, FlotillaError, PlatformError } from './flotilla-error';

describe('Fleet error bodies', () => {
  it('carries a FlotillaError\'s status, message and details', () => {
    const err = new FlotillaError('name_taken', 'Validation Failed', 422, [{ name: 'name', reason: 'already exists' }]);
    expect(toFleetError(err, 'id-1')).toEqual({ status: 422, body: { message: 'Validation Failed', errors: [{ name: 'name', reason: 'already exists' }] } });
  });

  it('always has at least one errors[] entry', () => {
    expect(fleetErrorBody('Resource Not Found')).toEqual({ message: 'Resource Not Found', errors: [{ name: 'base', reason: 'Resource Not Found' }] });
  });

  it('maps platform codes to their statuses', () => {
    expect(new PlatformError('too_many_requests', 'slow down').status).toBe(429);
    expect(new DependencyUnavailableError('db').status).toBe(503);
  });

  it('hides unknown errors behind a 500 with the error id', () => {
    const { status, body } = toFleetError(new Error('password=hunter2 leaked'), 'req-42');
    expect(status).toBe(500);
    expect(JSON.stringify(body)).not.toContain('hunter2');
    expect(body.errors[0]?.reason).toContain('req-42');
  });
});
