import type { FieldMap } from '../plist/plist-field.mapping';
import type {
  CertificateListItem,
  DeviceInformationFields,
  ErrorChainEntry,
  InstalledApplication,
  InstalledProfile,
  SecurityInfoFields,
} from './command-report.types';

/** The plist key that carries each typed result, in detection order. */
export const RESULT_KEYS = {
  DeviceInformation: 'QueryResponses',
  InstalledApplicationList: 'InstalledApplicationList',
  ProfileList: 'ProfileList',
  SecurityInfo: 'SecurityInfo',
  CertificateList: 'CertificateList',
} as const;

export const ERROR_CHAIN_FIELDS: FieldMap<ErrorChainEntry> = {
  errorCode: { key: 'ErrorCode', kind: 'integer', required: true },
  errorDomain: { key: 'ErrorDomain', kind: 'string', required: true },
  localizedDescription: { key: 'LocalizedDescription', kind: 'string' },
  usEnglishDescription: { key: 'USEnglishDescription', kind: 'string' },
};

export const DEVICE_INFORMATION_FIELDS: FieldMap<DeviceInformationFields> = {
  udid: { key: 'UDID', kind: 'string' },
  deviceName: { key: 'DeviceName', kind: 'string' },
  osVersion: { key: 'OSVersion', kind: 'string' },
  buildVersion: { key: 'BuildVersion', kind: 'string' },
  productName: { key: 'ProductName', kind: 'string' },
  model: { key: 'Model', kind: 'string' },
  modelName: { key: 'ModelName', kind: 'string' },
  serialNumber: { key: 'SerialNumber', kind: 'string' },
  deviceCapacity: { key: 'DeviceCapacity', kind: 'number' },
  availableDeviceCapacity: { key: 'AvailableDeviceCapacity', kind: 'number' },
  wifiMac: { key: 'WiFiMAC', kind: 'string' },
  bluetoothMac: { key: 'BluetoothMAC', kind: 'string' },
  imei: { key: 'IMEI', kind: 'string' },
  meid: { key: 'MEID', kind: 'string' },
  hostName: { key: 'HostName', kind: 'string' },
  localHostName: { key: 'LocalHostName', kind: 'string' },
  isSupervised: { key: 'IsSupervised', kind: 'boolean' },
  isActivationLockEnabled: { key: 'IsActivationLockEnabled', kind: 'boolean' },
};

export const INSTALLED_APPLICATION_FIELDS: FieldMap<Omit<InstalledApplication, 'raw'>> = {
  identifier: { key: 'Identifier', kind: 'string' },
  name: { key: 'Name', kind: 'string' },
  shortVersion: { key: 'ShortVersion', kind: 'string' },
  version: { key: 'Version', kind: 'string' },
  bundleSize: { key: 'BundleSize', kind: 'integer' },
  dynamicSize: { key: 'DynamicSize', kind: 'integer' },
  externalVersionIdentifier: { key: 'ExternalVersionIdentifier', kind: 'integer' },
  isValidated: { key: 'IsValidated', kind: 'boolean' },
  installing: { key: 'Installing', kind: 'boolean' },
};

export const INSTALLED_PROFILE_FIELDS: FieldMap<Omit<InstalledProfile, 'raw'>> = {
  payloadIdentifier: { key: 'PayloadIdentifier', kind: 'string' },
  payloadUuid: { key: 'PayloadUUID', kind: 'string' },
  payloadDisplayName: { key: 'PayloadDisplayName', kind: 'string' },
  payloadDescription: { key: 'PayloadDescription', kind: 'string' },
  payloadOrganization: { key: 'PayloadOrganization', kind: 'string' },
  payloadVersion: { key: 'PayloadVersion', kind: 'integer' },
  payloadRemovalDisallowed: { key: 'PayloadRemovalDisallowed', kind: 'boolean' },
  isEncrypted: { key: 'IsEncrypted', kind: 'boolean' },
  isManaged: { key: 'IsManaged', kind: 'boolean' },
  hasRemovalPasscode: { key: 'HasRemovalPasscode', kind: 'boolean' },
};

export const SECURITY_INFO_FIELDS: FieldMap<SecurityInfoFields> = {
  hardwareEncryptionCaps: { key: 'HardwareEncryptionCaps', kind: 'integer' },
  passcodePresent: { key: 'PasscodePresent', kind: 'boolean' },
  passcodeCompliant: { key: 'PasscodeCompliant', kind: 'boolean' },
  passcodeCompliantWithProfiles: { key: 'PasscodeCompliantWithProfiles', kind: 'boolean' },
  fdeEnabled: { key: 'FDE_Enabled', kind: 'boolean' },
  fdeHasPersonalRecoveryKey: { key: 'FDE_HasPersonalRecoveryKey', kind: 'boolean' },
  fdeHasInstitutionalRecoveryKey: { key: 'FDE_HasInstitutionalRecoveryKey', kind: 'boolean' },
  systemIntegrityProtectionEnabled: { key: 'SystemIntegrityProtectionEnabled', kind: 'boolean' },
  isRecoveryLockEnabled: { key: 'IsRecoveryLockEnabled', kind: 'boolean' },
};

export const CERTIFICATE_LIST_FIELDS: FieldMap<Omit<CertificateListItem, 'raw'>> = {
  commonName: { key: 'CommonName', kind: 'string' },
  isIdentity: { key: 'IsIdentity', kind: 'boolean' },
  data: { key: 'Data', kind: 'data', required: true },
};
