import { capture } from '../testing/fixture.loader';
import { xmlShape } from '../testing/xml-shape.helper';
import {
  buildProvisioningDoc,
  certificateThumbprint,
  DEFAULT_CONNECTION_RETRY,
  DEFAULT_POLL_SCHEDULE,
  sslClientCertSearchCriteria,
} from './provisioning-doc.builder';
import { decodeProvisioningDoc, encodeProvisioningDoc } from './provisioning-doc.codec';
import type { ProvisioningCharacteristic, ProvisioningDoc, ProvisioningDocSettings } from './provisioning-doc.types';
import { encodeRequestSecurityTokenResponse } from './wstep.encoder';

const CAPTURED_DOC = capture('08-response-enrollment.provisioningdoc.xml');
const captured = decodeProvisioningDoc(CAPTURED_DOC);
const certificateAt = (doc: ProvisioningDoc, store: string, location: string): string => {
  const entry = doc.characteristics[0]?.characteristics.find((c) => c.type === store)?.characteristics.find((c) => c.type === location)
    ?.characteristics[0];
  return entry?.parms.find((p) => p.name === 'EncodedCertificate')?.value ?? '';
};
const ROOT_PEM = `-----BEGIN CERTIFICATE-----\n${certificateAt(captured, 'Root', 'System')}\n-----END CERTIFICATE-----\n`;
const CLIENT_DER = Buffer.from(certificateAt(captured, 'My', 'User'), 'base64');

/** The settings the PoC server used (no retry/backoff parms, dummy DIGEST secrets). */
const CAPTURE_SETTINGS: ProvisioningDocSettings = {
  rootCertificate: ROOT_PEM,
  clientCertificate: CLIENT_DER,
  clientCertificateStore: 'User',
  application: {
    providerId: 'DEMO MDM',
    name: 'FleetDM Demo Server - Windows',
    managementUrl: 'https://windows.fleetdm.ngrok.io/ManagementServer/MDM.svc',
    serverListUrl: 'https://windows.fleetdm.ngrok.io/ManagementServer/ServerList.svc',
    role: '4294967295',
    appAuth: [
      { level: 'CLIENT', type: 'DIGEST', secret: 'dummy', data: 'nonce' },
      { level: 'APPSRV', type: 'DIGEST', name: 'dummy', secret: 'dummy', data: 'nonce' },
    ],
  },
  dmClient: { poll: { numberOfFirstRetries: 8 } },
};

/** Paths of characteristic types and parm names, e.g. "CertificateStore/Root/System/<thumb>@EncodedCertificate". */
function structure(doc: ProvisioningDoc): string[] {
  const out: string[] = [];
  const walk = (c: ProvisioningCharacteristic, path: string): void => {
    const here = `${path}/${c.type}`;
    out.push(here, ...c.parms.map((p) => `${here}@${p.name}`));
    c.characteristics.forEach((child) => walk(child, here));
  };
  doc.characteristics.forEach((c) => walk(c, ''));
  return out;
}

describe('wap-provisioningdoc', () => {
  it('rebuilds the captured document byte for byte from the same certificates and settings', () => {
    const doc = buildProvisioningDoc(CAPTURE_SETTINGS);
    expect(encodeProvisioningDoc(doc)).toBe(CAPTURED_DOC);
    expect(doc).toEqual(captured);
  });

  it('names certificates by their uppercase SHA-1 thumbprint', () => {
    expect(certificateThumbprint(ROOT_PEM).thumbprint).toBe('D9A88E04AF18A4D399CEE62F2C71469C3AE1E675');
    expect(certificateThumbprint(CLIENT_DER).thumbprint).toBe('8F2EBD13F3612D7C48C30E24CC73A88492613849');
  });

  it('with Fleet-style settings keeps the captured structure and adds retry, search criteria, EntDMID, poll, renewal', () => {
    const settings: ProvisioningDocSettings = {
      ...CAPTURE_SETTINGS,
      wstepRenewal: { roboSupport: true, renewPeriodDays: 365, retryIntervalDays: 4 },
      application: {
        ...CAPTURE_SETTINGS.application,
        ...DEFAULT_CONNECTION_RETRY,
        sslClientCertSearchCriteria: sslClientCertSearchCriteria('CN=B5B954E81FBCB94EB79BD08BE625F4EE', 'User'),
      },
      dmClient: { entDmId: 'host-uuid-1', enableOmaDmKeepAliveMessage: true, poll: DEFAULT_POLL_SCHEDULE },
    };
    const doc = buildProvisioningDoc(settings);
    const ours = structure(doc);
    expect(structure(captured).filter((path) => !ours.includes(path))).toEqual([]);
    for (const parm of ['ROLE', 'BACKCOMPATRETRYDISABLED', 'CONNRETRYFREQ', 'INITIALBACKOFFTIME', 'MAXBACKOFFTIME', 'DEFAULTENCODING', 'SSLCLIENTCERTSEARCHCRITERIA']) {
      expect(ours).toContain(`/APPLICATION@${parm}`);
    }
    expect(ours).toContain('/DMClient/Provider/DEMO MDM@EntDMID');
    expect(ours).toContain('/DMClient/Provider/DEMO MDM/Poll@IntervalForRemainingScheduledRetries');
    expect(ours).toContain('/CertificateStore/My/WSTEP/Renew@RenewPeriod');
    const app = doc.characteristics[1];
    expect(app?.parms.find((p) => p.name === 'SSLCLIENTCERTSEARCHCRITERIA')?.value).toBe(
      'Subject=CN%3DB5B954E81FBCB94EB79BD08BE625F4EE&Stores=My%5CUser',
    );
    // The serialized form parses back to the same tree, with `&` escaped on the wire.
    const xml = encodeProvisioningDoc(doc);
    expect(xml).toContain('&amp;Stores=My%5CUser');
    expect(decodeProvisioningDoc(xml)).toEqual(doc);
  });

  it('puts the client certificate in My/System for device enrollments, intermediates in CA/System', () => {
    const doc = buildProvisioningDoc({ ...CAPTURE_SETTINGS, clientCertificateStore: 'System', intermediateCertificates: [ROOT_PEM] });
    const paths = structure(doc);
    expect(paths).toContain('/CertificateStore/My/System/8F2EBD13F3612D7C48C30E24CC73A88492613849@EncodedCertificate');
    expect(paths).toContain('/CertificateStore/CA/System/D9A88E04AF18A4D399CEE62F2C71469C3AE1E675@EncodedCertificate');
    expect(paths).not.toContain('/CertificateStore/My/User');
  });

  it.each([
    ['a non-certificate PEM', { rootCertificate: '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n' }, 'bad_certificate'],
    ['garbage DER', { clientCertificate: new Uint8Array([1, 2, 3]) }, 'bad_certificate'],
  ])('rejects %s', (_what, override, code) => {
    expect(() => buildProvisioningDoc({ ...CAPTURE_SETTINGS, ...override })).toThrow(expect.objectContaining({ code }));
  });

  it('requires the management URL', () => {
    expect(() => buildProvisioningDoc({ ...CAPTURE_SETTINGS, application: { ...CAPTURE_SETTINGS.application, managementUrl: '' } })).toThrow(
      expect.objectContaining({ code: 'invalid_argument' }),
    );
  });
});

describe('RequestSecurityTokenResponseCollection', () => {
  const relatesTo = 'urn:uuid:0d5a1441-5891-453b-becf-a2e5f6ea3749';
  const now = new Date('2018-11-30T00:37:59.420Z');

  it('has the captured shape, carries the document as base64, and stamps a ±5 min Timestamp', () => {
    const xml = encodeRequestSecurityTokenResponse({ relatesTo, provisioningDoc: CAPTURED_DOC, now });
    const isTimestamp = (l: string): boolean => /}(Created|Expires) \[/.test(l);
    const ours = xmlShape(xml);
    expect(ours.filter((l) => !isTimestamp(l))).toEqual(xmlShape(capture('08-response-enrollment.xml')).filter((l) => !isTimestamp(l)));
    expect(ours.filter(isTimestamp).map((l) => l.slice(l.indexOf(' = ') + 3))).toEqual([
      '2018-11-30T00:32:59.420Z',
      '2018-11-30T00:42:59.420Z',
    ]);
  });

  it('rejects an invalid clock reading or a missing RelatesTo', () => {
    expect(() => encodeRequestSecurityTokenResponse({ relatesTo, provisioningDoc: CAPTURED_DOC, now: new Date(Number.NaN) })).toThrow(
      expect.objectContaining({ code: 'invalid_argument' }),
    );
    expect(() => encodeRequestSecurityTokenResponse({ relatesTo: '', provisioningDoc: CAPTURED_DOC, now })).toThrow(
      expect.objectContaining({ code: 'invalid_argument' }),
    );
  });
});
