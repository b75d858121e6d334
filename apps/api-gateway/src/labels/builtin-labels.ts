import { LINUX_PLATFORMS } from '@flotilla/codec-osquery';

/** A label Flotilla ships: its hosts are those whose `hosts.platform` is in `platforms` (empty: every host). */
export interface BuiltinLabel {
  name: string;
  description: string;
  /** The osquery SQL Fleet shows for it (display only: osquery-ingest never sends builtin labels to hosts). */
  query: string;
  platforms: readonly string[];
}

const osVersion = (platform: string): string => `SELECT 1 FROM os_version WHERE platform = '${platform}';`;

/**
 * Fleet's built-in labels, with Fleet's names and descriptions (clients and GitOps files refer to
 * them by name), except Windows: Fleet calls it "MS Windows". Seeded at start by BuiltinLabelsService.
 */
export const BUILTIN_LABELS: readonly BuiltinLabel[] = [
  { name: 'All Hosts', description: 'All hosts which have enrolled in Fleet', query: 'SELECT 1;', platforms: [] },
  { name: 'macOS', description: 'All macOS hosts', query: osVersion('darwin'), platforms: ['darwin'] },
  { name: 'Ubuntu Linux', description: 'All Ubuntu hosts', query: osVersion('ubuntu'), platforms: ['ubuntu'] },
  { name: 'CentOS Linux', description: 'All CentOS hosts', query: "SELECT 1 FROM os_version WHERE platform = 'centos' OR name LIKE '%centos%';", platforms: ['centos'] },
  { name: 'MS Windows', description: 'All Windows hosts', query: osVersion('windows'), platforms: ['windows'] },
  { name: 'Red Hat Linux', description: 'All Red Hat Enterprise Linux hosts', query: "SELECT 1 FROM os_version WHERE name LIKE '%red hat%';", platforms: ['rhel'] },
  {
    name: 'All Linux',
    description: 'All Linux distributions',
    query: "SELECT 1 FROM osquery_info WHERE build_platform LIKE '%ubuntu%' OR build_distro LIKE '%centos%';",
    platforms: LINUX_PLATFORMS,
  },
  { name: 'chrome', description: 'All Chrome hosts', query: osVersion('chrome'), platforms: ['chrome'] },
  { name: 'iOS', description: 'All iOS hosts', query: osVersion('ios'), platforms: ['ios'] },
  { name: 'iPadOS', description: 'All iPadOS hosts', query: osVersion('ipados'), platforms: ['ipados'] },
  { name: 'Android', description: 'All Android hosts', query: osVersion('android'), platforms: ['android'] },
];
