/**
 * Primary-interface SQL: the private address of the interface that carries the default route
 * (0.0.0.0/0 or ::/0) with the lowest metric, IPv4 before IPv6 on equal metrics. Uses only
 * functions available since osquery 4.x (split, inet_aton, regex_match — not in_cidr_block).
 * `routeJoin`: how routes attach to interface_addresses (Unix: by interface name; Windows: by address).
 * `routeType`: default-route type ("gateway" on Unix, "remote" on Windows).
 */
export function networkInterfaceSql(routeJoin: string, routeType: string): string {
  return [
    'SELECT ia.interface, ia.address, id.mac',
    'FROM interface_addresses ia',
    'JOIN interface_details id ON id.interface = ia.interface',
    `JOIN routes r ON ${routeJoin}`,
    "WHERE r.destination IN ('0.0.0.0', '::') AND r.netmask = 0",
    `  AND r.type = '${routeType}'`,
    '  AND (',
    '    (inet_aton(ia.address) IS NOT NULL AND (',
    "      split(ia.address, '.', 0) = '10'",
    "      OR (split(ia.address, '.', 0) = '172' AND CAST(split(ia.address, '.', 1) AS INTEGER) BETWEEN 16 AND 31)",
    "      OR (split(ia.address, '.', 0) = '192' AND split(ia.address, '.', 1) = '168')))",
    "    OR (inet_aton(ia.address) IS NULL AND regex_match(lower(ia.address), '^f[cd][0-9a-f]{2}:[0-9a-f:]+', 0) IS NOT NULL)",
    '  )',
    'ORDER BY r.metric ASC, inet_aton(ia.address) IS NOT NULL DESC',
    'LIMIT 1',
  ].join('\n');
}
