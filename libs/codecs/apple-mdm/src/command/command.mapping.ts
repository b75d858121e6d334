import type { FieldMap } from '../plist/plist-field.mapping';
import type { TypedCommand, TypedRequestType } from './command.types';

type Fields<T extends TypedRequestType> = Omit<Extract<TypedCommand, { requestType: T }>, 'requestType' | 'commandUuid' | 'extra'>;

/** Typed property ↔ key of the `Command` dict, per RequestType. */
export const COMMAND_FIELDS: { readonly [T in TypedRequestType]: FieldMap<Fields<T>> } = {
  InstallProfile: {
    payload: { key: 'Payload', kind: 'data', required: true },
  },
  RemoveProfile: {
    identifier: { key: 'Identifier', kind: 'string', required: true },
  },
  DeviceInformation: {
    queries: { key: 'Queries', kind: 'stringArray', required: true },
  },
  InstalledApplicationList: {
    managedAppsOnly: { key: 'ManagedAppsOnly', kind: 'boolean' },
    identifiers: { key: 'Identifiers', kind: 'stringArray' },
    items: { key: 'Items', kind: 'stringArray' },
  },
  ProfileList: {},
  SecurityInfo: {},
  CertificateList: {
    managedOnly: { key: 'ManagedOnly', kind: 'boolean' },
  },
  DeviceLock: {
    pin: { key: 'PIN', kind: 'string' },
    message: { key: 'Message', kind: 'string' },
    phoneNumber: { key: 'PhoneNumber', kind: 'string' },
  },
  EraseDevice: {
    pin: { key: 'PIN', kind: 'string' },
    preserveDataPlan: { key: 'PreserveDataPlan', kind: 'boolean' },
    disallowProximitySetup: { key: 'DisallowProximitySetup', kind: 'boolean' },
    obliterationBehavior: { key: 'ObliterationBehavior', kind: 'string' },
  },
  InstallApplication: {
    iTunesStoreId: { key: 'iTunesStoreID', kind: 'integer' },
    identifier: { key: 'Identifier', kind: 'string' },
    manifestUrl: { key: 'ManifestURL', kind: 'string' },
    options: { key: 'Options', kind: 'dict' },
    managementFlags: { key: 'ManagementFlags', kind: 'integer' },
    installAsManaged: { key: 'InstallAsManaged', kind: 'boolean' },
    changeManagementState: { key: 'ChangeManagementState', kind: 'string' },
    attributes: { key: 'Attributes', kind: 'dict' },
    configuration: { key: 'Configuration', kind: 'dict' },
  },
  InstallEnterpriseApplication: {
    manifestUrl: { key: 'ManifestURL', kind: 'string' },
    manifest: { key: 'Manifest', kind: 'dict' },
    installAsManaged: { key: 'InstallAsManaged', kind: 'boolean' },
    manifestUrlPinningCerts: { key: 'ManifestURLPinningCerts', kind: 'dataArray' },
    pinningRevocationCheckRequired: { key: 'PinningRevocationCheckRequired', kind: 'boolean' },
  },
  DeclarativeManagement: {
    data: { key: 'Data', kind: 'data' },
  },
};

/** Closed string values some typed fields must hold, per RequestType. */
export const ENUM_VALUES: Readonly<Partial<Record<TypedRequestType, Readonly<Record<string, readonly string[]>>>>> = {
  EraseDevice: { ObliterationBehavior: ['Default', 'DoNotObliterate', 'ObliterateWithWarning', 'Always'] },
  InstallApplication: { ChangeManagementState: ['Managed'] },
};

/** RequestTypes whose commands need one of several keys. */
export const ONE_OF_KEYS: Readonly<Partial<Record<TypedRequestType, readonly string[]>>> = {
  InstallApplication: ['iTunesStoreID', 'Identifier', 'ManifestURL'],
  InstallEnterpriseApplication: ['ManifestURL', 'Manifest'],
};
