import type { EnrollmentIds } from '../checkin/checkin.types';
import type { PlistDict } from '../plist/plist.types';

/** The `Status` values of a command report. */
export const COMMAND_STATUSES = ['Idle', 'Acknowledged', 'Error', 'CommandFormatError', 'NotNow'] as const;

/** A report `Status`. */
export type CommandStatus = (typeof COMMAND_STATUSES)[number];

/** One entry of a report's `ErrorChain`. */
export interface ErrorChainEntry {
  errorCode: number;
  errorDomain: string;
  localizedDescription?: string;
  usEnglishDescription?: string;
}

/** Common fields of DeviceInformation's `QueryResponses` (the full dict stays in `queryResponses`). */
export interface DeviceInformationFields {
  udid?: string;
  deviceName?: string;
  osVersion?: string;
  buildVersion?: string;
  productName?: string;
  model?: string;
  modelName?: string;
  serialNumber?: string;
  deviceCapacity?: number;
  availableDeviceCapacity?: number;
  wifiMac?: string;
  bluetoothMac?: string;
  imei?: string;
  meid?: string;
  hostName?: string;
  localHostName?: string;
  isSupervised?: boolean;
  isActivationLockEnabled?: boolean;
}

/** Result of DeviceInformation. */
export interface DeviceInformationResult {
  requestType: 'DeviceInformation';
  queryResponses: PlistDict;
  info: DeviceInformationFields;
}

/** One app of InstalledApplicationList. */
export interface InstalledApplication {
  identifier?: string;
  name?: string;
  shortVersion?: string;
  version?: string;
  bundleSize?: number;
  dynamicSize?: number;
  externalVersionIdentifier?: number;
  isValidated?: boolean;
  installing?: boolean;
  raw: PlistDict;
}

/** Result of InstalledApplicationList. */
export interface InstalledApplicationListResult {
  requestType: 'InstalledApplicationList';
  applications: InstalledApplication[];
}

/** One profile of ProfileList. */
export interface InstalledProfile {
  payloadIdentifier?: string;
  payloadUuid?: string;
  payloadDisplayName?: string;
  payloadDescription?: string;
  payloadOrganization?: string;
  payloadVersion?: number;
  payloadRemovalDisallowed?: boolean;
  isEncrypted?: boolean;
  isManaged?: boolean;
  hasRemovalPasscode?: boolean;
  raw: PlistDict;
}

/** Result of ProfileList. */
export interface ProfileListResult {
  requestType: 'ProfileList';
  profiles: InstalledProfile[];
}

/** Common top-level fields of `SecurityInfo` (the full dict stays in `securityInfo`). */
export interface SecurityInfoFields {
  hardwareEncryptionCaps?: number;
  passcodePresent?: boolean;
  passcodeCompliant?: boolean;
  passcodeCompliantWithProfiles?: boolean;
  fdeEnabled?: boolean;
  fdeHasPersonalRecoveryKey?: boolean;
  fdeHasInstitutionalRecoveryKey?: boolean;
  systemIntegrityProtectionEnabled?: boolean;
  isRecoveryLockEnabled?: boolean;
}

/** Result of SecurityInfo. */
export interface SecurityInfoResult {
  requestType: 'SecurityInfo';
  securityInfo: PlistDict;
  info: SecurityInfoFields;
}

/** One certificate of CertificateList. */
export interface CertificateListItem {
  commonName?: string;
  isIdentity?: boolean;
  /** The DER certificate. */
  data: Buffer;
  raw: PlistDict;
}

/** Result of CertificateList. */
export interface CertificateListResult {
  requestType: 'CertificateList';
  certificates: CertificateListItem[];
}

/** A typed command result, recognised by its result key; anything else stays in the report's `raw`. */
export type CommandResult =
  | DeviceInformationResult
  | InstalledApplicationListResult
  | ProfileListResult
  | SecurityInfoResult
  | CertificateListResult;

interface ReportBase extends EnrollmentIds {
  /** `RequestType` when the device echoes it (it often does not). */
  requestType?: string;
  /** The whole decoded plist dict. */
  raw: PlistDict;
}

/** `Idle`: no command in flight, the device asks for work. */
export interface IdleReport extends ReportBase {
  status: 'Idle';
}

/** `Acknowledged`: the command ran; a recognised result payload is typed in `result`. */
export interface AcknowledgedReport extends ReportBase {
  status: 'Acknowledged';
  commandUuid: string;
  result?: CommandResult;
}

/** `Error` / `CommandFormatError`: the command failed; see `errorChain`. */
export interface ErrorReport extends ReportBase {
  status: 'Error' | 'CommandFormatError';
  commandUuid: string;
  errorChain: ErrorChainEntry[];
}

/** `NotNow`: the device cannot run the command now; it stays queued. */
export interface NotNowReport extends ReportBase {
  status: 'NotNow';
  commandUuid: string;
}

/** A decoded command report (the device's PUT to ServerURL), discriminated on `status`. */
export type CommandReport = IdleReport | AcknowledgedReport | ErrorReport | NotNowReport;

type WithOptionalRaw<T> = T extends { raw: PlistDict } ? Omit<T, 'raw'> & { raw?: PlistDict } : T;

/** A typed result for encoding: list items and dicts may omit `raw`. */
export type CommandResultInput =
  | (Omit<DeviceInformationResult, 'queryResponses'> & { queryResponses?: PlistDict })
  | (Omit<InstalledApplicationListResult, 'applications'> & { applications: WithOptionalRaw<InstalledApplication>[] })
  | (Omit<ProfileListResult, 'profiles'> & { profiles: WithOptionalRaw<InstalledProfile>[] })
  | (Omit<SecurityInfoResult, 'securityInfo'> & { securityInfo?: PlistDict })
  | (Omit<CertificateListResult, 'certificates'> & { certificates: WithOptionalRaw<CertificateListItem>[] });

/** Input of `encodeCommandReport`: `raw` optional, and `result` in its input form. */
export type CommandReportInput =
  | WithOptionalRaw<IdleReport>
  | (Omit<AcknowledgedReport, 'raw' | 'result'> & { raw?: PlistDict; result?: CommandResultInput })
  | WithOptionalRaw<ErrorReport>
  | WithOptionalRaw<NotNowReport>;
