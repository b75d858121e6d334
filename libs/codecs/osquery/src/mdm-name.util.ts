/** PayloadIdentifier of Fleet's own Apple MDM enrollment profile. */
export const FLEET_APPLE_MDM_PAYLOAD_IDENTIFIER = 'com.fleetdm.fleet.mdm.apple';

/** Well-known MDM solutions, recognised by a fragment of their server URL. */
const MDM_URL_FRAGMENTS: ReadonlyArray<readonly [fragment: string, name: string]> = [
  ['kandji', 'Kandji'],
  ['jamf', 'Jamf'],
  ['jumpcloud', 'JumpCloud'],
  ['airwatch', 'VMware Workspace ONE'],
  ['awmdm', 'VMware Workspace ONE'],
  ['microsoft', 'Intune'],
  ['simplemdm', 'SimpleMDM'],
  ['fleetdm', 'Fleet'],
];

/** The MDM solution name for a server URL, or undefined when it is not a well-known one. */
export function mdmNameFromServerUrl(serverUrl: string): string | undefined {
  const url = serverUrl.toLowerCase();
  return MDM_URL_FRAGMENTS.find(([fragment]) => url.includes(fragment))?.[1];
}

/** Splits a URL into the part before `?`/`#` and its query parameters. */
export function splitUrlQuery(url: string): { base: string; params: URLSearchParams } {
  const cut = url.search(/[?#]/);
  if (cut < 0) return { base: url, params: new URLSearchParams() };
  const query = url.slice(cut).startsWith('?') ? url.slice(cut + 1).split('#')[0] ?? '' : '';
  return { base: url.slice(0, cut), params: new URLSearchParams(query) };
}
