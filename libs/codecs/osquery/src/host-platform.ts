/** osquery `os_version.platform` values of Linux distributions (Fleet's list plus common derivatives). */
export const LINUX_PLATFORMS: readonly string[] = [
  'linux', 'ubuntu', 'debian', 'rhel', 'centos', 'fedora', 'amzn', 'sles', 'opensuse', 'opensuse-leap',
  'opensuse-tumbleweed', 'arch', 'archarm', 'kali', 'gentoo', 'pop', 'linuxmint', 'void', 'nixos', 'endeavouros',
  'manjaro', 'tuxedo', 'neon', 'rocky', 'almalinux', 'ol', 'raspbian', 'elementary', 'zorin',
];

/** The four families detail queries are targeted at. */
export type PlatformFamily = 'darwin' | 'windows' | 'linux' | 'chrome';

/** Maps a host platform ("ubuntu", "darwin"…) to its family; unknown or empty → undefined. */
export function platformFamily(platform: string): PlatformFamily | undefined {
  const p = platform.trim().toLowerCase();
  if (p === 'darwin' || p === 'windows' || p === 'chrome') return p;
  return LINUX_PLATFORMS.includes(p) ? 'linux' : undefined;
}
