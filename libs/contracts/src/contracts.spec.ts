import { SERVICE_NAMES } from '@flotilla/domain';
import { z } from 'zod';
import { defineEvent, defineRequest, defineStream } from './contract';
import { EDGE_ROUTES, routeFor } from './edge/routes';
import { SERVICE_INFO } from './platform/service-info.contract';

describe('contracts', () => {
  it('accepts only <owner>.<aggregate>.<action>.v<N> subjects', () => {
    expect(() => defineEvent('osquery-ingest.host.enrolled.v1', z.object({}))).not.toThrow();
    expect(() => defineEvent('host.enrolled', z.object({}))).toThrow(/not <owner>/);
    expect(() => defineRequest('a.b.c.v0', z.object({}), z.object({}))).toThrow();
    expect(() => defineStream('osquery_logs', 'osquery-ingest.log.result.v1', z.object({}))).toThrow(/UPPER_SNAKE/);
  });

  it('gives every service its own info subject', () => {
    const subjects = SERVICE_NAMES.map((s) => SERVICE_INFO[s].subject);
    expect(new Set(subjects).size).toBe(SERVICE_NAMES.length);
    expect(SERVICE_INFO['mdm-apple'].subject).toBe('mdm-apple.service.info.v1');
  });
});

describe('edge routes', () => {
  it.each([
    ['/api/v1/osquery/distributed/read', 'osquery-ingest'],
    ['/api/osquery/config', 'osquery-ingest'],
    ['/api/fleet/orbit/config', 'osquery-ingest'],
    ['/mdm/apple/mdm', 'mdm-apple'],
    ['/mdm/apple/scep?operation=GetCACaps', 'scep-proxy'],
    ['/api/mdm/apple/enroll?token=x', 'mdm-apple'],
    ['/EnrollmentServer/Discovery.svc', 'mdm-windows'],
    ['/api/mdm/microsoft/management', 'mdm-windows'],
    ['/api/v1/fleet/android_enterprise/pubsub?token=t', 'mdm-android'],
    ['/api/latest/fleet/hosts', 'api-gateway'],
    ['/', 'api-gateway'],
  ])('%s → %s', (path, service) => {
    expect(routeFor(path)).toBe(service);
  });

  it('has no duplicate prefixes', () => {
    expect(new Set(EDGE_ROUTES.map((r) => r.prefix)).size).toBe(EDGE_ROUTES.length);
  });
});
