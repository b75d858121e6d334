import { LINUX_PLATFORMS } from '@flotilla/codec-osquery';

/**
 * Platform families for the `platform` filter: `darwin` and `windows` match themselves, `linux`
 * matches every Linux distribution osquery reports (the osquery codec's list, shared with the
 * detail-query targeting); any other value matches that exact platform.
 */
export function platformsFor(filter: string): readonly string[] {
  return filter === 'linux' ? LINUX_PLATFORMS : [filter];
}

export function isLinuxPlatform(platform: string): boolean {
  return LINUX_PLATFORMS.includes(platform);
}
