import type { DetailRow } from './detail-query.types';

/** The address/MAC pair Fleet shows as a host's primary IP and MAC. */
export interface PrimaryInterface {
  address: string;
  mac: string;
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** Lower is better; undefined = never preferred (loopback, link-local, unparsable). */
function rank(address: string): number | undefined {
  const bare = address.split('%')[0]?.trim().toLowerCase() ?? '';
  const v4 = IPV4.exec(bare);
  if (v4) {
    const [a, b] = [Number(v4[1]), Number(v4[2])];
    if (a === 127 || (a === 169 && b === 254) || a === 0) return undefined;
    const isPrivate = a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168);
    return isPrivate ? 0 : 1;
  }
  if (!bare.includes(':')) return undefined;
  if (bare === '::1' || bare === '::' || /^fe[89ab]/.test(bare)) return undefined;
  return /^f[cd]/.test(bare) ? 2 : 3;
}

function isLoopback(address: string): boolean {
  const bare = address.split('%')[0]?.trim() ?? '';
  return bare === '::1' || bare.startsWith('127.');
}

/**
 * Picks the primary interface among network_interface rows: private IPv4, then other IPv4, then
 * unique-local IPv6, then other IPv6 (first in row order within a rank), skipping loopback,
 * link-local and docker interfaces. The detail SQL already returns the default-route interface, so
 * when nothing ranks the first non-loopback row is used as-is (Fleet keeps what the host reported).
 */
export function choosePrimaryInterface(rows: readonly DetailRow[]): PrimaryInterface | undefined {
  let best: { row: DetailRow; rank: number } | undefined;
  for (const row of rows) {
    const address = row['address'] ?? '';
    if ((row['interface'] ?? '').startsWith('docker')) continue;
    const r = rank(address);
    if (r !== undefined && (best === undefined || r < best.rank)) best = { row, rank: r };
  }
  const chosen = best?.row ?? rows.find((row) => (row['address'] ?? '') !== '' && !isLoopback(row['address'] ?? ''));
  if (chosen === undefined) return undefined;
  return { address: chosen['address'] ?? '', mac: chosen['mac'] ?? '' };
}
