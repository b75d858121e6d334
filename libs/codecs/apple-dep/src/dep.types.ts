/*
 * Typed, camelCase views of Apple's DEP / ABM ("Automated Device Enrollment") API JSON.
 * Dates are kept as the RFC 3339 strings Apple sent (e.g. "2018-09-08T16:49:09Z"), verbatim,
 * after checking that they parse: pass them to `new Date()` when a Date is needed.
 * Every decoded value keeps `raw`, the parsed JSON object, so fields Apple adds later are not lost.
 */

/** Known `profile_status` values (Apple: empty, assigned, pushed, removed). */
export type KnownDepProfileStatus = 'empty' | 'assigned' | 'pushed' | 'removed';
/** A `profile_status`: one of the known values, or any other string Apple sends, kept as-is. */
export type DepProfileStatus = KnownDepProfileStatus | (string & {});

/** Known sync `op_type` values. */
export type KnownDepOpType = 'added' | 'modified' | 'deleted';
/** An `op_type`: one of the known values, or any other string Apple sends, kept as-is. */
export type DepOpType = KnownDepOpType | (string & {});

/** Per-device `response_status` of a device-details answer (SUCCESS, NOT_ACCESSIBLE, or other). */
export type DepDeviceDetailsStatus = 'SUCCESS' | 'NOT_ACCESSIBLE' | (string & {});

/** Per-device result of a define/assign profile call (SUCCESS, NOT_ACCESSIBLE, FAILED, or other). */
export type DepProfileDeviceStatus = 'SUCCESS' | 'NOT_ACCESSIBLE' | 'FAILED' | (string & {});

/** One endpoint of the account's `urls` list. */
export interface DepAccountUrl {
  uri: string;
  httpMethods: string[];
  /** Page-size limits Apple advertises for this endpoint, when it does. */
  limit?: { default?: number; maximum?: number };
}

/** `GET /account`. Required: server_name, server_uuid, org_name. */
export interface DepAccount {
  serverName: string;
  serverUuid: string;
  orgName: string;
  adminId?: string;
  facilitatorId?: string;
  orgEmail?: string;
  orgPhone?: string;
  orgAddress?: string;
  orgId?: string;
  orgIdHash?: string;
  orgType?: string;
  orgVersion?: string;
  urls: DepAccountUrl[];
  raw: Record<string, unknown>;
}

/** One device as fetch, sync and device-details return it. Only `serialNumber` is required. */
export interface DepDevice {
  serialNumber: string;
  model?: string;
  description?: string;
  color?: string;
  assetTag?: string;
  os?: string;
  deviceFamily?: string;
  profileStatus?: DepProfileStatus;
  profileUuid?: string;
  profileAssignTime?: string;
  profilePushTime?: string;
  deviceAssignedDate?: string;
  deviceAssignedBy?: string;
  /** Sync only: what happened to the device. */
  opType?: DepOpType;
  /** Sync only: when it happened. */
  opDate?: string;
  raw: Record<string, unknown>;
}

/** `POST /server/devices` (fetch) and `POST /devices/sync` (sync) pages. Required: cursor, more_to_follow. */
export interface DepDevicesPage {
  cursor: string;
  moreToFollow: boolean;
  fetchedUntil?: string;
  /** Absent or null `devices` decode as []. */
  devices: DepDevice[];
  raw: Record<string, unknown>;
}

/** One entry of a device-details answer; `serialNumber` falls back to the map key. */
export interface DepDeviceDetails extends DepDevice {
  responseStatus: DepDeviceDetailsStatus;
}

/** `POST /devices` (details by serial). Required: devices (an object keyed by serial). */
export interface DepDeviceDetailsResponse {
  devices: Record<string, DepDeviceDetails>;
  raw: Record<string, unknown>;
}

/**
 * A setup-assistant profile: the body of `POST /profile` (define), and, with `profileUuid`, the
 * answer of `GET /profile`. `anchorCerts` / `supervisingHostCerts` are base64 DER certificates.
 */
export interface DepProfile {
  profileName: string;
  url: string;
  allowPairing?: boolean;
  isSupervised?: boolean;
  isMultiUser?: boolean;
  isMandatory?: boolean;
  isMdmRemovable?: boolean;
  awaitDeviceConfigured?: boolean;
  autoAdvanceSetup?: boolean;
  department?: string;
  supportPhoneNumber?: string;
  supportEmailAddress?: string;
  orgMagic?: string;
  anchorCerts?: string[];
  supervisingHostCerts?: string[];
  skipSetupItems?: string[];
  language?: string;
  region?: string;
  configurationWebUrl?: string;
  /** Serial numbers to assign when defining. */
  devices?: string[];
}

/** `GET /profile?profile_uuid=`. Required: profile_uuid, profile_name, url. */
export interface DepFetchedProfile extends DepProfile {
  profileUuid: string;
  raw: Record<string, unknown>;
}

/** `POST /profile` (define) and `POST|PUT /profile/devices` (assign) answers. Required: profile_uuid. */
export interface DepProfileDevicesResponse {
  profileUuid: string;
  /** Serial → status; absent or null `devices` decode as {}. */
  devices: Record<string, DepProfileDeviceStatus>;
  raw: Record<string, unknown>;
}

/** Body of `POST /server/devices`. */
export interface FetchDevicesRequest {
  /** Omit on the first call; then the previous page's cursor. */
  cursor?: string;
  /** Page size, 1…1000 (Apple's documented maximum). */
  limit: number;
}

/** Body of `POST /devices/sync`. */
export interface SyncDevicesRequest {
  cursor: string;
  /** Page size, 1…1000. */
  limit: number;
}

/** Body of `POST|PUT /profile/devices` (assign). */
export interface AssignProfileRequest {
  profileUuid: string;
  devices: string[];
}
