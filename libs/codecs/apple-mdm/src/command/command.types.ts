import type { PlistDict } from '../plist/plist.types';

interface CommandBase {
  /** Chosen by the caller (the codec has no randomness). */
  commandUuid: string;
  /** Further keys of `Command` that the typed fields do not model (typed fields win on a clash). */
  extra?: PlistDict;
}

/** InstallProfile: `payload` is the (usually signed) .mobileconfig bytes. */
export interface InstallProfileCommand extends CommandBase {
  requestType: 'InstallProfile';
  payload: Buffer;
}

/** RemoveProfile: `identifier` is the profile's PayloadIdentifier. */
export interface RemoveProfileCommand extends CommandBase {
  requestType: 'RemoveProfile';
  identifier: string;
}

/** DeviceInformation: the `Queries` to answer. */
export interface DeviceInformationCommand extends CommandBase {
  requestType: 'DeviceInformation';
  queries: string[];
}

/** InstalledApplicationList. */
export interface InstalledApplicationListCommand extends CommandBase {
  requestType: 'InstalledApplicationList';
  managedAppsOnly?: boolean;
  identifiers?: string[];
  items?: string[];
}

/** ProfileList. */
export interface ProfileListCommand extends CommandBase {
  requestType: 'ProfileList';
}

/** SecurityInfo. */
export interface SecurityInfoCommand extends CommandBase {
  requestType: 'SecurityInfo';
}

/** CertificateList. */
export interface CertificateListCommand extends CommandBase {
  requestType: 'CertificateList';
  managedOnly?: boolean;
}

/** DeviceLock (macOS needs a 6-digit `pin`). */
export interface DeviceLockCommand extends CommandBase {
  requestType: 'DeviceLock';
  pin?: string;
  message?: string;
  phoneNumber?: string;
}

/** How EraseDevice treats Apple silicon / T2 Macs (`ObliterationBehavior`). */
export type ObliterationBehavior = 'Default' | 'DoNotObliterate' | 'ObliterateWithWarning' | 'Always';

/** EraseDevice. */
export interface EraseDeviceCommand extends CommandBase {
  requestType: 'EraseDevice';
  pin?: string;
  preserveDataPlan?: boolean;
  disallowProximitySetup?: boolean;
  obliterationBehavior?: ObliterationBehavior;
}

/** InstallApplication: one of `iTunesStoreId` (VPP adamID), `identifier` or `manifestUrl`. */
export interface InstallApplicationCommand extends CommandBase {
  requestType: 'InstallApplication';
  iTunesStoreId?: number;
  identifier?: string;
  manifestUrl?: string;
  /** e.g. `{ PurchaseMethod: 1 }` for a VPP licence. */
  options?: PlistDict;
  managementFlags?: number;
  installAsManaged?: boolean;
  changeManagementState?: 'Managed';
  attributes?: PlistDict;
  configuration?: PlistDict;
}

/** InstallEnterpriseApplication: `manifestUrl` or an embedded `manifest`. */
export interface InstallEnterpriseApplicationCommand extends CommandBase {
  requestType: 'InstallEnterpriseApplication';
  manifestUrl?: string;
  manifest?: PlistDict;
  installAsManaged?: boolean;
  manifestUrlPinningCerts?: Buffer[];
  pinningRevocationCheckRequired?: boolean;
}

/** DeclarativeManagement: optional `data` (JSON `{SyncTokens: …}`). */
export interface DeclarativeManagementCommand extends CommandBase {
  requestType: 'DeclarativeManagement';
  data?: Buffer;
}

/** A command the codec types. */
export type TypedCommand =
  | InstallProfileCommand
  | RemoveProfileCommand
  | DeviceInformationCommand
  | InstalledApplicationListCommand
  | ProfileListCommand
  | SecurityInfoCommand
  | CertificateListCommand
  | DeviceLockCommand
  | EraseDeviceCommand
  | InstallApplicationCommand
  | InstallEnterpriseApplicationCommand
  | DeclarativeManagementCommand;

/** The RequestTypes with a typed form. */
export type TypedRequestType = TypedCommand['requestType'];

/**
 * Any RequestType as raw `fields` of `Command` (besides RequestType). Tell it apart from a typed
 * command with `'fields' in cmd` or {@link isGenericCommand}.
 */
export interface GenericCommand {
  commandUuid: string;
  requestType: string;
  fields: PlistDict;
}

/** What `encodeCommand` takes. */
export type AppleMdmCommand = TypedCommand | GenericCommand;

/** What `decodeCommand` returns: the command plus the whole decoded plist. */
export type DecodedCommand = AppleMdmCommand & { raw: PlistDict };

/** True for the generic (untyped) form of a command. */
export function isGenericCommand(cmd: AppleMdmCommand): cmd is GenericCommand {
  return 'fields' in cmd;
}
