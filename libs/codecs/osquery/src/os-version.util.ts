import type { DetailRow } from './detail-query.types';

const PARENTHESISED = /\(.*\)/g;

/**
 * The version part of a non-Windows display string: Ubuntu keeps its point release ("22.04.1 LTS"),
 * ChromeOS its version, others major.minor.patch, else the build; plus Apple's Rapid Security
 * Response `extra` ("(a)").
 */
export function osVersionNumber(row: DetailRow): string {
  const name = (row['name'] ?? '').toLowerCase();
  const version = row['version'] ?? '';
  const major = row['major'] ?? '';
  const minor = row['minor'] ?? '';
  const patch = row['patch'] ?? '';
  let result: string;
  if (name.includes('ubuntu')) result = version.replace(PARENTHESISED, '').trim();
  else if (name.includes('chrome')) result = version;
  else if (major !== '0' || minor !== '0' || patch !== '0') result = `${major}.${minor}.${patch}`;
  else result = row['build'] ?? '';
  result = result.replace(/^\.+|\.+$/g, '');
  if (result === '') result = version.replace(PARENTHESISED, '').trim();
  const extra = (row['extra'] ?? '').trim();
  return extra === '' ? result : `${result} ${extra}`;
}

/** Fleet's display string for a non-Windows os_version row: "<name> <version>". */
export function unixOsDisplay(row: DetailRow): string {
  return `${row['name'] ?? ''} ${osVersionNumber(row)}`.trim();
}

/**
 * "Microsoft Windows 11 Enterprise" + " 22H2" (+ " (Server Core)"); `short` drops "Microsoft " as
 * Fleet does for the host's display string (the OS inventory keeps the full name).
 */
export function windowsOsName(row: DetailRow, short: boolean): string {
  let name = `${row['name'] ?? ''} ${row['display_version'] ?? ''}`.trim();
  if (short) name = name.replace('Microsoft Windows', 'Windows');
  if ((row['installation_type'] ?? '').toLowerCase() === 'server core') name += ' (Server Core)';
  return name;
}
