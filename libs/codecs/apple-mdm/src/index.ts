/**
 * Apple MDM wire formats: check-ins, command reports and commands as property lists, plus the
 * guarded plist reader/writer they share (also used by `@flotilla/codec-apple-profiles`).
 * Pure functions over bytes; every failure is an {@link AppleMdmError}.
 */

/** The codec's error class, its code unions and codec name. */
export {
  AppleMdmError,
  APPLE_MDM_CODEC,
  isPlistErrorCode,
  PLIST_ERROR_CODES,
  type AppleMdmErrorCode,
  type PlistErrorCode,
} from './apple-mdm.errors';

/** Plist value types, limits and the dict type guard. */
export {
  DEFAULT_PLIST_LIMITS,
  isPlistDict,
  type DecodedPlist,
  type PlistDecodeOptions,
  type PlistDict,
  type PlistFormat,
  type PlistLimits,
  type PlistValue,
} from './plist/plist.types';
/** Guarded XML/binary plist decoding (`decodePlistDict` requires a dict root). */
export { decodePlist, decodePlistDict } from './plist/plist.decoder';
/** XML plist encoding with value checks. */
export { encodePlist } from './plist/plist.encoder';
/** Typed reads of dict keys with `missing_field` / `invalid_field` errors (error class pluggable). */
export { PlistFieldReader, type FieldErrorFactory } from './plist/plist-field.reader';

/** Check-in message types. */
export {
  CHECKIN_MESSAGE_TYPES,
  type AuthenticateCheckin,
  type CheckinInput,
  type CheckinMessage,
  type CheckinMessageType,
  type CheckOutCheckin,
  type DeclarativeManagementCheckin,
  type EnrollmentIds,
  type GetBootstrapTokenCheckin,
  type GetTokenCheckin,
  type SetBootstrapTokenCheckin,
  type TokenUpdateCheckin,
  type UserAuthenticateCheckin,
} from './checkin/checkin.types';
/** Decode a check-in body (or an already-parsed dict). */
export { checkinFromDict, decodeCheckin } from './checkin/checkin.decoder';
/** Encode a check-in (inverse of `decodeCheckin`). */
export { encodeCheckin } from './checkin/checkin.encoder';
/** Encode the plist answers to GetBootstrapToken, UserAuthenticate and GetToken. */
export { encodeCheckinResponse, type CheckinResponse } from './checkin/checkin-response.encoder';
/** nanomdm's enrollment id resolution (device / user / User Enrollment / Shared iPad). */
export {
  resolveEnrollment,
  SHARED_IPAD_USER_ID,
  type EnrollmentType,
  type ResolvedEnrollment,
} from './checkin/enrollment.resolver';

/** Command report types. */
export {
  COMMAND_STATUSES,
  type AcknowledgedReport,
  type CertificateListItem,
  type CertificateListResult,
  type CommandReport,
  type CommandReportInput,
  type CommandResult,
  type CommandResultInput,
  type CommandStatus,
  type DeviceInformationFields,
  type DeviceInformationResult,
  type ErrorChainEntry,
  type ErrorReport,
  type IdleReport,
  type InstalledApplication,
  type InstalledApplicationListResult,
  type InstalledProfile,
  type NotNowReport,
  type ProfileListResult,
  type SecurityInfoFields,
  type SecurityInfoResult,
} from './report/command-report.types';
/** Decode a command report (or an already-parsed dict). */
export { commandReportFromDict, decodeCommandReport } from './report/command-report.decoder';
/** Encode a command report (inverse of `decodeCommandReport`). */
export { encodeCommandReport } from './report/command-report.encoder';

/** Command types (typed RequestTypes plus the generic form). */
export {
  isGenericCommand,
  type AppleMdmCommand,
  type CertificateListCommand,
  type DecodedCommand,
  type DeclarativeManagementCommand,
  type DeviceInformationCommand,
  type DeviceLockCommand,
  type EraseDeviceCommand,
  type GenericCommand,
  type InstallApplicationCommand,
  type InstalledApplicationListCommand,
  type InstallEnterpriseApplicationCommand,
  type InstallProfileCommand,
  type ObliterationBehavior,
  type ProfileListCommand,
  type RemoveProfileCommand,
  type SecurityInfoCommand,
  type TypedCommand,
  type TypedRequestType,
} from './command/command.types';
/** Decode a command plist (or an already-parsed dict). */
export { commandFromDict, decodeCommand, isTypedRequestType } from './command/command.decoder';
/** Encode a command as the XML plist sent to the device. */
export { encodeCommand } from './command/command.encoder';
