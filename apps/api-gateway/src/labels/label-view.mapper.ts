import type { LabelEntity } from '@flotilla/platform-db';
import { fleetTime } from '../hosts/host-view.mapper';

/** How a host joins the label, as Fleet says it: builtin platform labels are "dynamic" builtins there. */
export type FleetMembershipType = 'dynamic' | 'manual';

/** A label as a host detail lists it (Fleet 4.86 `host.labels[]`). */
export interface FleetHostLabel {
  id: number;
  created_at: string;
  updated_at: string;
  name: string;
  description: string;
  query: string;
  platform: string;
  label_type: 'regular' | 'builtin';
  label_membership_type: FleetMembershipType;
  author_id: number | null;
  team_id: null;
  fleet_id: null;
}

/** A label as `/labels` and `/labels/:id` return it. `host_count` is left out when counts were not asked for. */
export interface FleetLabel extends FleetHostLabel {
  team_name: null;
  fleet_name: null;
  display_text: string;
  count: number;
  host_count?: number;
  /** Manual labels, single-label responses: the member hosts the caller may see. */
  host_ids?: number[];
}

export interface FleetLabelSummary {
  id: number;
  name: string;
  description: string;
  label_type: 'regular' | 'builtin';
  team_id: null;
  fleet_id: null;
}

/** A label spec (`fleetctl get labels`, `GET /spec/labels`); manual labels list their hosts' hostnames. */
export interface FleetLabelSpec {
  id: number;
  name: string;
  description: string;
  query: string;
  platform: string;
  label_type: 'regular' | 'builtin';
  label_membership_type: FleetMembershipType;
  hosts?: string[];
}

export function fleetMembershipType(label: Pick<LabelEntity, 'membershipType'>): FleetMembershipType {
  return label.membershipType === 'manual' ? 'manual' : 'dynamic';
}

export function toFleetHostLabel(l: LabelEntity): FleetHostLabel {
  return {
    id: l.id,
    created_at: fleetTime(l.createdAt),
    updated_at: fleetTime(l.updatedAt),
    name: l.name,
    description: l.description,
    query: l.query,
    platform: l.platform,
    label_type: l.labelType,
    label_membership_type: fleetMembershipType(l),
    author_id: l.authorId,
    team_id: null,
    fleet_id: null,
  };
}

export function toFleetLabel(l: LabelEntity, hostCount: number | undefined, hostIds?: number[]): FleetLabel {
  return {
    ...toFleetHostLabel(l),
    team_name: null,
    fleet_name: null,
    display_text: l.name,
    count: hostCount ?? 0,
    ...(hostCount !== undefined ? { host_count: hostCount } : {}),
    ...(hostIds !== undefined ? { host_ids: hostIds } : {}),
  };
}

export function toFleetLabelSummary(l: LabelEntity): FleetLabelSummary {
  return { id: l.id, name: l.name, description: l.description, label_type: l.labelType, team_id: null, fleet_id: null };
}

export function toFleetLabelSpec(l: LabelEntity, hosts?: string[]): FleetLabelSpec {
  return {
    id: l.id,
    name: l.name,
    description: l.description,
    query: l.query,
    platform: l.platform,
    label_type: l.labelType,
    label_membership_type: fleetMembershipType(l),
    ...(hosts !== undefined ? { hosts } : {}),
  };
}
