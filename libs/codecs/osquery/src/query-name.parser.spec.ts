import { classifyQueryName, parseScheduledQueryName, scheduledQueryRef } from './query-name.parser';

describe('classifyQueryName', () => {
  it.each([
    ['fleet_detail_query_os_version', { kind: 'detail', name: 'os_version' }],
    ['fleet_additional_query_owner', { kind: 'additional', name: 'owner' }],
    ['fleet_label_query_12', { kind: 'label', id: 12 }],
    ['fleet_policy_query_33', { kind: 'policy', id: 33 }],
    ['fleet_distributed_query_981', { kind: 'live', campaignId: 981 }],
    ['fleet_no_policies_wildcard', { kind: 'no_policies' }],
    ['fleet_label_query_abc', { kind: 'unknown', name: 'fleet_label_query_abc' }],
    ['fleet_policy_query_', { kind: 'unknown', name: 'fleet_policy_query_' }],
    ['fleet_detail_query_', { kind: 'unknown', name: 'fleet_detail_query_' }],
    ['something_else', { kind: 'unknown', name: 'something_else' }],
  ])('%s', (name, expected) => {
    expect(classifyQueryName(name)).toEqual(expected);
  });
});

describe('parseScheduledQueryName', () => {
  it.each([
    ['pack/Global/usb_devices', { scope: 'global', queryName: 'usb_devices' }],
    ['pack/team-7/listening_ports_10', { scope: 'team', teamId: 7, queryName: 'listening_ports_10' }],
    ['pack_Global_All USB devices', { scope: 'global', queryName: 'All USB devices' }],
    ['pack::team-12::a::b', { scope: 'team', teamId: 12, queryName: 'a::b' }],
    ['pack/Global/team-5/x', { scope: 'global', queryName: 'team-5/x' }],
    ['pack/team-3/Global', { scope: 'team', teamId: 3, queryName: 'Global' }],
    ['pack/incident-response/arp_cache', { scope: 'legacy_pack', packName: 'incident-response', queryName: 'arp_cache' }],
    ['pack/Global/', { scope: 'unknown' }],
    ['pack', { scope: 'unknown' }],
    ['usb_devices', { scope: 'unknown' }],
  ])('%s', (name, expected) => {
    expect(parseScheduledQueryName(name)).toEqual(expected);
  });
});

describe('scheduledQueryRef', () => {
  it.each([
    ['Global', 'usb', { scope: 'global', queryName: 'usb' }],
    ['team-7', 'a/b', { scope: 'team', teamId: 7, queryName: 'a/b' }],
    ['team-x', 'q', { scope: 'legacy_pack', packName: 'team-x', queryName: 'q' }],
    ['team-12345678901', 'q', { scope: 'legacy_pack', packName: 'team-12345678901', queryName: 'q' }],
    ['', 'q', undefined],
    ['Global', '', undefined],
  ])('%j + %j', (pack, query, expected) => {
    expect(scheduledQueryRef(pack, query)).toEqual(expected);
  });
});
