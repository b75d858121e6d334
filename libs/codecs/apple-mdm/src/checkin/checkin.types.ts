import type { PlistDict } from '../plist/plist.types';

/** The `MessageType` values of the check-in channel this codec models. */
export const CHECKIN_MESSAGE_TYPES = [
  'Authenticate',
  'TokenUpdate',
  'CheckOut',
  'UserAuthenticate',
  'DeclarativeManagement',
  'GetBootstrapToken',
  'SetBootstrapToken',
  'GetToken',
] as const;

/** A check-in `MessageType`. */
export type CheckinMessageType = (typeof CHECKIN_MESSAGE_TYPES)[number];

/**
 * The identity keys every check-in and report carries: `UDID` on a device channel,
 * `EnrollmentID`/`EnrollmentUserID` for User Enrollment, plus `UserID`/`UserShortName`/
 * `UserLongName` on a user channel.
 */
export interface EnrollmentIds {
  udid?: string;
  enrollmentId?: string;
  enrollmentUserId?: string;
  userId?: string;
  userShortName?: string;
  userLongName?: string;
}

interface CheckinBase extends EnrollmentIds {
  /** The whole decoded plist dict, every key as sent. */
  raw: PlistDict;
}

/** `Authenticate`: the first message of an enrollment. */
export interface AuthenticateCheckin extends CheckinBase {
  messageType: 'Authenticate';
  topic: string;
  serialNumber?: string;
  model?: string;
  modelName?: string;
  productName?: string;
  osVersion?: string;
  buildVersion?: string;
  deviceName?: string;
  imei?: string;
  meid?: string;
  challenge?: Buffer;
  awaitingConfiguration?: boolean;
}

/** `TokenUpdate`: push token and magic for this channel (sent again whenever they change). */
export interface TokenUpdateCheckin extends CheckinBase {
  messageType: 'TokenUpdate';
  topic: string;
  /** The APNs device token (hex-encode it for a push). */
  token: Buffer;
  pushMagic: string;
  unlockToken?: Buffer;
  awaitingConfiguration?: boolean;
  notOnConsole?: boolean;
  userConfiguration?: boolean;
}

/** `CheckOut`: the device is leaving (best effort; only with `CheckOutWhenRemoved`). */
export interface CheckOutCheckin extends CheckinBase {
  messageType: 'CheckOut';
  topic?: string;
}

/** `UserAuthenticate`: macOS user-channel authentication (the 2nd round carries `DigestResponse`). */
export interface UserAuthenticateCheckin extends CheckinBase {
  messageType: 'UserAuthenticate';
  digestResponse?: string;
}

/** `DeclarativeManagement`: a DDM request; `data` is the JSON body (for `status`). */
export interface DeclarativeManagementCheckin extends CheckinBase {
  messageType: 'DeclarativeManagement';
  endpoint: string;
  data?: Buffer;
}

/** `GetBootstrapToken`: the device asks for its escrowed bootstrap token. */
export interface GetBootstrapTokenCheckin extends CheckinBase {
  messageType: 'GetBootstrapToken';
  awaitingConfiguration?: boolean;
}

/** `SetBootstrapToken`: escrow (or, with no token, clear) the bootstrap token. */
export interface SetBootstrapTokenCheckin extends CheckinBase {
  messageType: 'SetBootstrapToken';
  bootstrapToken?: Buffer;
  awaitingConfiguration?: boolean;
}

/** `GetToken`: the device asks for a token of a service type (e.g. `com.apple.maid`). */
export interface GetTokenCheckin extends CheckinBase {
  messageType: 'GetToken';
  tokenServiceType: string;
  tokenParameters?: PlistDict;
}

/** A decoded check-in, discriminated on `messageType` (the plist's `MessageType`). */
export type CheckinMessage =
  | AuthenticateCheckin
  | TokenUpdateCheckin
  | CheckOutCheckin
  | UserAuthenticateCheckin
  | DeclarativeManagementCheckin
  | GetBootstrapTokenCheckin
  | SetBootstrapTokenCheckin
  | GetTokenCheckin;

/** Input of `encodeCheckin`: a check-in whose `raw` (extra keys to carry along) is optional. */
export type CheckinInput = CheckinMessage extends infer M
  ? M extends CheckinMessage
    ? Omit<M, 'raw'> & { raw?: PlistDict }
    : never
  : never;
