import { createHash, X509Certificate } from 'node:crypto';
import { encodeBase64 } from '../soap/base64.codec';
import { CONTENT_TYPE } from '../windows-mdm.constants';
import { windowsMdmError } from '../windows-mdm.errors';
import type {
  AppAuthSettings,
  CertificateInput,
  PollSchedule,
  ProvisioningCharacteristic,
  ProvisioningDoc,
  ProvisioningDocSettings,
  ProvisioningParm,
} from './provisioning-doc.types';

/** Fleet's connection-retry values for the APPLICATION characteristic (spread into settings). */
export const DEFAULT_CONNECTION_RETRY = { connRetryFreq: 6, initialBackoffTime: 30000, maxBackoffTime: 120000 } as const;

/** Fleet's DMClient poll schedule (minutes / counts). */
export const DEFAULT_POLL_SCHEDULE: PollSchedule = {
  numberOfFirstRetries: 8,
  intervalForFirstSetOfRetries: 15,
  numberOfSecondRetries: 5,
  intervalForSecondSetOfRetries: 3,
  numberOfRemainingScheduledRetries: 0,
  intervalForRemainingScheduledRetries: 1560,
  pollOnLogin: true,
  allUsersPollOnFirstLogin: true,
};

const POLL_PARMS: ReadonlyArray<[keyof PollSchedule, string]> = [
  ['numberOfFirstRetries', 'NumberOfFirstRetries'],
  ['intervalForFirstSetOfRetries', 'IntervalForFirstSetOfRetries'],
  ['numberOfSecondRetries', 'NumberOfSecondRetries'],
  ['intervalForSecondSetOfRetries', 'IntervalForSecondSetOfRetries'],
  ['numberOfRemainingScheduledRetries', 'NumberOfRemainingScheduledRetries'],
  ['intervalForRemainingScheduledRetries', 'IntervalForRemainingScheduledRetries'],
  ['pollOnLogin', 'PollOnLogin'],
  ['allUsersPollOnFirstLogin', 'AllUsersPollOnFirstLogin'],
];

/** A parsed certificate: DER and its SHA-1 thumbprint (uppercase hex), as Windows names it. */
export interface CertificateThumbprint {
  readonly der: Uint8Array;
  readonly thumbprint: string;
}

/** Parses a PEM/DER certificate and computes its SHA-1 thumbprint; throws `bad_certificate`. */
export function certificateThumbprint(input: CertificateInput): CertificateThumbprint {
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(typeof input === 'string' ? input : Buffer.from(input));
  } catch (err) {
    throw windowsMdmError('bad_certificate', 'certificate is not a PEM or DER X.509 certificate', err);
  }
  return { der: new Uint8Array(cert.raw), thumbprint: createHash('sha1').update(cert.raw).digest('hex').toUpperCase() };
}

/** SSLCLIENTCERTSEARCHCRITERIA value for a client certificate subject (e.g. "CN=<DeviceID>"). */
export function sslClientCertSearchCriteria(subject: string, store: 'User' | 'System'): string {
  return `Subject=${encodeURIComponent(subject)}&Stores=My%5C${store}`;
}

/**
 * Builds the wap-provisioningdoc an RSTR carries: CertificateStore (root CA, optional intermediates,
 * the issued client certificate), the w7 APPLICATION (management URL, retry, encoding, APPAUTH) and
 * the DMClient Provider (EntDMID, poll schedule). The certificates are inputs, never generated here.
 */
export function buildProvisioningDoc(settings: ProvisioningDocSettings): ProvisioningDoc {
  const app = settings.application;
  if (!app.providerId || !app.managementUrl) {
    throw windowsMdmError('invalid_argument', 'application.providerId and managementUrl are required');
  }
  const characteristics = [certificateStore(settings), application(settings)];
  if (settings.dmClient) characteristics.push(dmClient(app.providerId, settings.dmClient));
  return { version: '1.1', characteristics };
}

function certificateStore(settings: ProvisioningDocSettings): ProvisioningCharacteristic {
  const certEntry = (input: CertificateInput): ProvisioningCharacteristic => {
    const { der, thumbprint } = certificateThumbprint(input);
    return node(thumbprint, [{ name: 'EncodedCertificate', value: encodeBase64(der) }]);
  };
  const stores: ProvisioningCharacteristic[] = [node('Root', [], [node('System', [], [certEntry(settings.rootCertificate)])])];
  const intermediates = settings.intermediateCertificates ?? [];
  if (intermediates.length > 0) stores.push(node('CA', [], [node('System', [], intermediates.map(certEntry))]));
  const my: ProvisioningCharacteristic[] = [
    node(settings.clientCertificateStore, [], [certEntry(settings.clientCertificate), node('PrivateKeyContainer')]),
  ];
  const renewal = settings.wstepRenewal;
  if (renewal) {
    my.push(
      node('WSTEP', [], [
        node('Renew', [
          { name: 'ROBOSupport', value: String(renewal.roboSupport), datatype: 'boolean' },
          { name: 'RenewPeriod', value: String(renewal.renewPeriodDays), datatype: 'integer' },
          { name: 'RetryInterval', value: String(renewal.retryIntervalDays), datatype: 'integer' },
        ]),
      ]),
    );
  }
  stores.push(node('My', [], my));
  return node('CertificateStore', [], stores);
}

function application(settings: ProvisioningDocSettings): ProvisioningCharacteristic {
  const app = settings.application;
  const parms: ProvisioningParm[] = [
    { name: 'APPID', value: 'w7' },
    { name: 'PROVIDER-ID', value: app.providerId },
    { name: 'NAME', value: app.name ?? app.providerId },
    { name: 'ADDR', value: app.managementUrl },
  ];
  const optional = (name: string, value: string | number | undefined): void => {
    if (value !== undefined) parms.push({ name, value: String(value) });
  };
  optional('ServerList', app.serverListUrl);
  optional('ROLE', app.role);
  optional('CONNRETRYFREQ', app.connRetryFreq);
  optional('INITIALBACKOFFTIME', app.initialBackoffTime);
  optional('MAXBACKOFFTIME', app.maxBackoffTime);
  if (app.backCompatRetryDisabled ?? true) parms.push({ name: 'BACKCOMPATRETRYDISABLED' });
  optional('DEFAULTENCODING', app.defaultEncoding ?? CONTENT_TYPE.syncml);
  optional('SSLCLIENTCERTSEARCHCRITERIA', app.sslClientCertSearchCriteria);
  return node('APPLICATION', parms, (app.appAuth ?? []).map(appAuth));
}

function appAuth(auth: AppAuthSettings): ProvisioningCharacteristic {
  const parms: ProvisioningParm[] = [
    { name: 'AAUTHLEVEL', value: auth.level },
    { name: 'AAUTHTYPE', value: auth.type },
  ];
  if (auth.name !== undefined) parms.push({ name: 'AAUTHNAME', value: auth.name });
  parms.push({ name: 'AAUTHSECRET', value: auth.secret });
  if (auth.data !== undefined) parms.push({ name: 'AAUTHDATA', value: auth.data });
  return node('APPAUTH', parms);
}

function dmClient(providerId: string, settings: NonNullable<ProvisioningDocSettings['dmClient']>): ProvisioningCharacteristic {
  const parms: ProvisioningParm[] = [];
  if (settings.entDmId !== undefined) parms.push({ name: 'EntDMID', value: settings.entDmId, datatype: 'string' });
  if (settings.upn !== undefined) parms.push({ name: 'UPN', value: settings.upn, datatype: 'string' });
  if (settings.enableOmaDmKeepAliveMessage !== undefined) {
    parms.push({ name: 'EnableOmaDmKeepAliveMessage', value: String(settings.enableOmaDmKeepAliveMessage), datatype: 'boolean' });
  }
  parms.push(...(settings.extraParms ?? []));
  const children: ProvisioningCharacteristic[] = [];
  if (settings.poll) {
    const poll = settings.poll;
    const pollParms: ProvisioningParm[] = [];
    for (const [key, name] of POLL_PARMS) {
      const value = poll[key];
      if (value === undefined) continue;
      pollParms.push({ name, value: String(value), datatype: typeof value === 'boolean' ? 'boolean' : 'integer' });
    }
    children.push(node('Poll', pollParms));
  }
  return node('DMClient', [], [node('Provider', [], [node(providerId, parms, children)])]);
}

function node(
  type: string,
  parms: readonly ProvisioningParm[] = [],
  characteristics: readonly ProvisioningCharacteristic[] = [],
): ProvisioningCharacteristic {
  return { type, parms, characteristics };
}
