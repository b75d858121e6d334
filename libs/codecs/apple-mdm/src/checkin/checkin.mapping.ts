import type { FieldMap } from '../plist/plist-field.mapping';
import type { CheckinMessage, CheckinMessageType, EnrollmentIds } from './checkin.types';

type Fields<T extends CheckinMessageType> = Omit<Extract<CheckinMessage, { messageType: T }>, 'messageType' | 'raw' | keyof EnrollmentIds>;

/** Typed property ↔ plist key, per check-in type (identity keys are in ENROLLMENT_ID_FIELDS). */
export const CHECKIN_FIELDS: { readonly [T in CheckinMessageType]: FieldMap<Fields<T>> } = {
  Authenticate: {
    topic: { key: 'Topic', kind: 'string', required: true },
    serialNumber: { key: 'SerialNumber', kind: 'string' },
    model: { key: 'Model', kind: 'string' },
    modelName: { key: 'ModelName', kind: 'string' },
    productName: { key: 'ProductName', kind: 'string' },
    osVersion: { key: 'OSVersion', kind: 'string' },
    buildVersion: { key: 'BuildVersion', kind: 'string' },
    deviceName: { key: 'DeviceName', kind: 'string' },
    imei: { key: 'IMEI', kind: 'string' },
    meid: { key: 'MEID', kind: 'string' },
    challenge: { key: 'Challenge', kind: 'data' },
    awaitingConfiguration: { key: 'AwaitingConfiguration', kind: 'boolean' },
  },
  TokenUpdate: {
    topic: { key: 'Topic', kind: 'string', required: true },
    token: { key: 'Token', kind: 'data', required: true },
    pushMagic: { key: 'PushMagic', kind: 'string', required: true },
    unlockToken: { key: 'UnlockToken', kind: 'data' },
    awaitingConfiguration: { key: 'AwaitingConfiguration', kind: 'boolean' },
    notOnConsole: { key: 'NotOnConsole', kind: 'boolean' },
    userConfiguration: { key: 'UserConfiguration', kind: 'boolean' },
  },
  CheckOut: {
    topic: { key: 'Topic', kind: 'string' },
  },
  UserAuthenticate: {
    digestResponse: { key: 'DigestResponse', kind: 'string' },
  },
  DeclarativeManagement: {
    endpoint: { key: 'Endpoint', kind: 'string', required: true },
    data: { key: 'Data', kind: 'data' },
  },
  GetBootstrapToken: {
    awaitingConfiguration: { key: 'AwaitingConfiguration', kind: 'boolean' },
  },
  SetBootstrapToken: {
    bootstrapToken: { key: 'BootstrapToken', kind: 'data' },
    awaitingConfiguration: { key: 'AwaitingConfiguration', kind: 'boolean' },
  },
  GetToken: {
    tokenServiceType: { key: 'TokenServiceType', kind: 'string', required: true },
    tokenParameters: { key: 'TokenParameters', kind: 'dict' },
  },
};
