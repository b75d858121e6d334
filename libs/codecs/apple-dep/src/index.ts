/**
 * Apple DEP / ABM (Automated Device Enrollment) API JSON as pure functions: decoders for the
 * answers of /account, /server/devices (fetch), /devices/sync, /devices (details), /profile and
 * /profile/devices, and encoders for the request bodies the service sends. No I/O, no clock.
 *
 * Decoders take the body (string or bytes), return camelCase values that keep `raw`, tolerate
 * fields Apple adds, and keep dates as Apple's RFC 3339 strings (checked to parse). Unknown
 * `profile_status` / `op_type` values are kept as-is. Every failure is a CodecError with a
 * DepErrorCode ('too_large', 'not_json', 'invalid_response', 'missing_field', 'invalid_request').
 */

/** Errors: the closed code union, the codec name, and a type guard. */
export { DEP_CODEC, isDepCodecError, type DepCodecError, type DepErrorCode } from './dep.errors';

/** Decoded values and request inputs. */
export type {
  AssignProfileRequest,
  DepAccount,
  DepAccountUrl,
  DepDevice,
  DepDeviceDetails,
  DepDeviceDetailsResponse,
  DepDeviceDetailsStatus,
  DepDevicesPage,
  DepFetchedProfile,
  DepOpType,
  DepProfile,
  DepProfileDeviceStatus,
  DepProfileDevicesResponse,
  DepProfileStatus,
  FetchDevicesRequest,
  KnownDepOpType,
  KnownDepProfileStatus,
  SyncDevicesRequest,
} from './dep.types';

/** Body input and the size limit every decoder accepts. */
export type { DepBody, DepDecodeOptions } from './dep-json.reader';

/** `GET /account`. */
export { decodeAccountResponse } from './account.decoder';

/** Fetch / sync pages and device details. */
export { decodeDeviceDetailsResponse, decodeDevicesResponse } from './devices.decoder';

/** `GET /profile`, and the define / assign answers. */
export { decodeAssignProfileResponse, decodeDefineProfileResponse, decodeProfileResponse } from './profile.decoder';

/** Request bodies (JSON text) for fetch, sync, define profile and assign profile. */
export {
  DEP_MAX_PAGE_LIMIT,
  encodeAssignProfileRequest,
  encodeDefineProfileRequest,
  encodeFetchDevicesRequest,
  encodeSyncDevicesRequest,
} from './requests.encoder';
