import { X509Certificate } from 'node:crypto';
import { parse as libraryParse } from 'plist';
import type { AppleMdmErrorCode } from '../apple-mdm.errors';
import { encodePlist } from '../plist/plist.encoder';
import type { PlistDict } from '../plist/plist.types';
import { decodeCommandReport } from './command-report.decoder';
import { encodeCommandReport } from './command-report.encoder';
import type { CommandReport } from './command-report.types';
import { codeOf, fixture } from '../testing/spec.helpers';

const IMAC = '66ADE930-5FDF-5EC4-8429-15640684C489';

const GOLDEN: [string, Record<string, unknown>][] = [
  [
    'nanomdm/mdm/testdata/DeviceInformation.1.plist',
    {
      status: 'Acknowledged',
      udid: IMAC,
      commandUuid: '76eda240-5488-4989-8339-f2ae160113c4',
      requestType: 'DeviceInformation',
      result: {
        requestType: 'DeviceInformation',
        info: { hostName: 'fruit.example.com', udid: IMAC },
        queryResponses: { HostName: 'fruit.example.com', UDID: IMAC },
      },
    },
  ],
  ['synthetic/report/Idle.plist', { status: 'Idle', udid: IMAC }],
  ['synthetic/report/NotNow.plist', { status: 'NotNow', commandUuid: '0b9f3c5e-6a1d-4f7b-8e2c-3d4a5b6c7d8e' }],
  [
    'synthetic/report/Error.plist',
    {
      status: 'Error',
      requestType: 'InstallProfile',
      errorChain: [
        {
          errorCode: 4001,
          errorDomain: 'MCProfileErrorDomain',
          localizedDescription: 'Profile Installation Failed',
          usEnglishDescription: 'Profile Installation Failed',
        },
        { errorCode: 2009, errorDomain: 'MCInstallationErrorDomain', localizedDescription: 'The profile “Wi-Fi” is already installed.' },
      ],
    },
  ],
  [
    'synthetic/report/CommandFormatError.plist',
    {
      status: 'CommandFormatError',
      enrollmentId: '7F3C1B2A-0D5E-4A6B-9C8D-1E2F3A4B5C6D',
      errorChain: [{ errorCode: 12021, errorDomain: 'MCMDMErrorDomain', localizedDescription: 'Unknown request type' }],
    },
  ],
  [
    'synthetic/report/InstalledApplicationList.plist',
    {
      status: 'Acknowledged',
      commandUuid: 'REFETCH-APPS-3e4f5a6b-7c8d-4e9f-0a1b-2c3d4e5f6a7b',
      result: {
        requestType: 'InstalledApplicationList',
        applications: [
          { identifier: 'com.apple.Pages', name: 'Pages', shortVersion: '14.0', version: '7029', bundleSize: 52428800, dynamicSize: 1048576, installing: false },
          { identifier: 'com.fleetdm.fleetd', name: 'Fleet Desktop & Orbit', shortVersion: '1.30.0' },
        ],
      },
    },
  ],
  [
    'synthetic/report/ProfileList.plist',
    {
      status: 'Acknowledged',
      result: {
        requestType: 'ProfileList',
        profiles: [
          {
            payloadIdentifier: 'com.github.micromdm.nanomdm',
            payloadUuid: 'F9760DD4-F2D1-4F29-8D2C-48D52DD0A9B3',
            payloadDisplayName: 'Enrollment Profile',
            payloadVersion: 1,
            isManaged: true,
            isEncrypted: false,
          },
        ],
      },
    },
  ],
  [
    'synthetic/report/SecurityInfo.plist',
    {
      status: 'Acknowledged',
      result: {
        requestType: 'SecurityInfo',
        info: { fdeEnabled: true, fdeHasPersonalRecoveryKey: true, passcodePresent: true, systemIntegrityProtectionEnabled: true },
        securityInfo: { FirmwarePasswordStatus: { PasswordExists: false } },
      },
    },
  ],
  [
    'synthetic/report/CertificateList.plist',
    {
      status: 'Acknowledged',
      commandUuid: 'REFETCH-CERTS-6b7c8d9e-0f1a-4b2c-3d4e-5f6a7b8c9d0e',
      result: {
        requestType: 'CertificateList',
        certificates: [{ commonName: 'APSP:17a16429-886b-41f1-8c90-3bd02ae9fc57', isIdentity: false }],
      },
    },
  ],
];

describe('decodeCommandReport', () => {
  it.each(GOLDEN)('decodes %s', (path, expected) => {
    const bytes = fixture(path);
    const report = decodeCommandReport(bytes);
    expect(report).toMatchObject(expected);
    expect(report.raw).toEqual(libraryParse(bytes.toString('utf8')));
  });

  it.each(GOLDEN)('round-trips %s through encodeCommandReport', (path) => {
    const report = decodeCommandReport(fixture(path));
    expect(decodeCommandReport(encodeCommandReport(report))).toEqual(report);
  });

  it('keeps the certificate DER of a CertificateList result', () => {
    const report = decodeCommandReport(fixture('synthetic/report/CertificateList.plist'));
    const pem = fixture('micromdm/pkg/crypto/testdata/mock_push_cert.pem');
    if (report.status !== 'Acknowledged' || report.result?.requestType !== 'CertificateList') throw new Error('wrong shape');
    expect(report.result.certificates[0]?.data).toEqual(new X509Certificate(pem).raw);
  });

  it('decodes the binary form of DeviceInformation.1 like the XML form', () => {
    expect(decodeCommandReport(fixture('derived/DeviceInformation.1.bplist'))).toEqual(
      decodeCommandReport(fixture('nanomdm/mdm/testdata/DeviceInformation.1.plist')),
    );
  });

  it('decodes the raw_payload of the nanomdm webhook acknowledge event', () => {
    const event = JSON.parse(fixture('nanomdm/service/webhook/testdata/DeviceInformation.1.json').toString('utf8')) as {
      acknowledge_event: { raw_payload: string; command_uuid: string; status: string; udid: string };
    };
    const ack = event.acknowledge_event;
    expect(decodeCommandReport(Buffer.from(ack.raw_payload, 'base64'))).toMatchObject({
      status: ack.status,
      commandUuid: ack.command_uuid,
      udid: ack.udid,
    });
  });

  it('leaves an unrecognised result in raw only', () => {
    const report = decodeCommandReport(
      encodePlist({ Status: 'Acknowledged', UDID: IMAC, CommandUUID: 'c1', RequestType: 'ActivationLockBypassCode', ActivationLockBypassCode: 'ABCD' }),
    );
    expect(report).toMatchObject({ status: 'Acknowledged', requestType: 'ActivationLockBypassCode' });
    expect('result' in report).toBe(false);
    expect(report.raw['ActivationLockBypassCode']).toBe('ABCD');
  });

  it('encodes a report built from typed fields alone', () => {
    const report: CommandReport = decodeCommandReport(
      encodeCommandReport({
        status: 'Acknowledged',
        udid: IMAC,
        commandUuid: 'c2',
        result: { requestType: 'InstalledApplicationList', applications: [{ identifier: 'com.example.app', name: 'App' }] },
      }),
    );
    expect(report).toMatchObject({ result: { applications: [{ identifier: 'com.example.app', name: 'App', raw: { Identifier: 'com.example.app' } }] } });
  });

  const base: PlistDict = { Status: 'Acknowledged', UDID: IMAC, CommandUUID: 'c3' };
  const invalid: [string, PlistDict, AppleMdmErrorCode][] = [
    ['no Status', { UDID: IMAC, CommandUUID: 'c3' }, 'missing_field'],
    ['an unknown Status', { ...base, Status: 'Done' }, 'unknown_status'],
    ['no enrollment id', { Status: 'Idle' }, 'missing_field'],
    ['Acknowledged without CommandUUID', { Status: 'Acknowledged', UDID: IMAC }, 'missing_field'],
    ['NotNow with an empty CommandUUID', { ...base, Status: 'NotNow', CommandUUID: '' }, 'missing_field'],
    ['an ErrorChain that is not an array', { ...base, Status: 'Error', ErrorChain: 'boom' }, 'invalid_field'],
    ['an ErrorChain entry that is not a dict', { ...base, Status: 'Error', ErrorChain: ['boom'] }, 'invalid_field'],
    ['an ErrorChain entry without ErrorCode', { ...base, Status: 'Error', ErrorChain: [{ ErrorDomain: 'X' }] }, 'missing_field'],
    ['an ErrorCode that is a string', { ...base, Status: 'Error', ErrorChain: [{ ErrorCode: '12', ErrorDomain: 'X' }] }, 'invalid_field'],
    ['QueryResponses that is not a dict', { ...base, QueryResponses: ['x'] }, 'invalid_field'],
    ['an InstalledApplicationList entry of the wrong shape', { ...base, InstalledApplicationList: [{ Name: 3 }] }, 'invalid_field'],
    ['a CertificateList entry without Data', { ...base, CertificateList: [{ CommonName: 'x' }] }, 'missing_field'],
  ];
  it.each(invalid)('rejects %s', (_name, dict, code) => {
    expect(codeOf(() => decodeCommandReport(encodePlist(dict)))).toBe(code);
  });

  it('rejects a wrong message kind (a check-in sent to the report channel)', () => {
    expect(codeOf(() => decodeCommandReport(fixture('nanomdm/mdm/testdata/Authenticate.1.plist')))).toBe('missing_field');
  });
});
