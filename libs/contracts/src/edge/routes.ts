import { ServiceName } from '@flotilla/domain';

/**
 * Which service owns which public HTTP path. The distributed edge, the docker-compose reverse
 * proxy and the Kubernetes ingress all route by this table (a test checks they agree).
 * Longest prefix wins; anything unmatched goes to `api-gateway`.
 */
export interface EdgeRoute {
  prefix: string;
  service: ServiceName;
}

export const EDGE_ROUTES: readonly EdgeRoute[] = [
  // osquery TLS API and orbit (agent-protocols.md §1, §6)
  { prefix: '/api/v1/osquery/', service: 'osquery-ingest' },
  { prefix: '/api/osquery/', service: 'osquery-ingest' },
  { prefix: '/api/fleet/orbit/', service: 'osquery-ingest' },
  // Apple MDM check-in/command server and enrollment (mdm.md §1)
  { prefix: '/mdm/apple/mdm', service: 'mdm-apple' },
  { prefix: '/mdm/apple/service_discovery', service: 'mdm-apple' },
  { prefix: '/api/mdm/apple/', service: 'mdm-apple' },
  // SCEP for MDM identity certificates (mdm.md §5)
  { prefix: '/mdm/apple/scep', service: 'scep-proxy' },
  { prefix: '/mdm/scep/proxy/', service: 'scep-proxy' },
  // Windows MS-MDE2 discovery/policy/enroll and MS-MDM management (mdm.md §6, §7)
  { prefix: '/EnrollmentServer/', service: 'mdm-windows' },
  { prefix: '/ManagementServer/', service: 'mdm-windows' },
  { prefix: '/api/mdm/microsoft/', service: 'mdm-windows' },
  // Android Management API Pub/Sub push endpoint
  { prefix: '/api/v1/fleet/android_enterprise/pubsub', service: 'mdm-android' },
  { prefix: '/api/latest/fleet/android_enterprise/pubsub', service: 'mdm-android' },
];

export const DEFAULT_ROUTE_SERVICE: ServiceName = 'api-gateway';

const BY_LENGTH = [...EDGE_ROUTES].sort((a, b) => b.prefix.length - a.prefix.length);

/** The service that owns `path` (query string ignored). */
export function routeFor(path: string): ServiceName {
  const q = path.indexOf('?');
  const p = q === -1 ? path : path.slice(0, q);
  for (const r of BY_LENGTH) if (p.startsWith(r.prefix)) return r.service;
  return DEFAULT_ROUTE_SERVICE;
}
