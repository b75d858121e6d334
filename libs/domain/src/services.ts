/** The ten Flotilla services (DESIGN.md "Services"). Names never change: they are queue groups and metric labels. */
export const SERVICE_NAMES = [
  'api-gateway',
  'osquery-ingest',
  'live-query',
  'mdm-apple',
  'mdm-windows',
  'mdm-android',
  'scep-proxy',
  'vpp-sync',
  'vuln',
  'log-shipper',
] as const;

export type ServiceName = (typeof SERVICE_NAMES)[number];

export function isServiceName(value: string): value is ServiceName {
  return (SERVICE_NAMES as readonly string[]).includes(value);
}

/** Default HTTP port of each service when it runs as its own process (distributed mode). */
export const SERVICE_DEFAULT_PORTS: Readonly<Record<ServiceName, number>> = {
  'api-gateway': 8081,
  'osquery-ingest': 8082,
  'live-query': 8083,
  'mdm-apple': 8084,
  'mdm-windows': 8085,
  'mdm-android': 8086,
  'scep-proxy': 8087,
  'vpp-sync': 8088,
  vuln: 8089,
  'log-shipper': 8090,
};

/** The infrastructure a service may need; each service declares its own set. */
export const DEPENDENCY_KINDS = ['bus', 'db', 'cache', 'storage'] as const;
export type DependencyKind = (typeof DEPENDENCY_KINDS)[number];

/** Which infrastructure each service uses (DESIGN.md "Services", "talks to"). */
export const SERVICE_DEPENDENCIES: Readonly<Record<ServiceName, readonly DependencyKind[]>> = {
  'api-gateway': ['bus', 'db', 'cache', 'storage'],
  'osquery-ingest': ['bus', 'db', 'cache', 'storage'],
  'live-query': ['bus', 'cache'],
  'mdm-apple': ['bus', 'db', 'storage'],
  'mdm-windows': ['bus', 'db'],
  'mdm-android': ['bus', 'db'],
  'scep-proxy': ['bus', 'db'],
  'vpp-sync': ['bus', 'db'],
  vuln: ['bus', 'db'],
  // storage: its S3 destination connects with the S3_* keys; it keeps no objects of its own.
  'log-shipper': ['bus', 'storage'],
};
