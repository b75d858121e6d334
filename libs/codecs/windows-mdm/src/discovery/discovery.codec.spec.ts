import { CodecError } from '@flotilla/codec-core';
import { capture } from '../testing/fixture.loader';
import { xmlShape } from '../testing/xml-shape.helper';
import { decodeDiscoverRequest } from './discovery.decoder';
import { encodeDiscoverResponse } from './discovery.encoder';

const GOLDEN = {
  type: 'Discover',
  messageId: 'urn:uuid:748132ec-a575-4329-b01b-6171a9cf8478',
  to: 'https://EnterpriseEnrollment.fleetdm.ngrok.io:443/EnrollmentServer/Discovery.svc',
  replyTo: 'http://www.w3.org/2005/08/addressing/anonymous',
  emailAddress: 'demo@fleetdm.ngrok.io',
  requestVersion: '4.0',
  deviceType: 'CIMClient_Windows',
  applicationVersion: '10.0.19043.2364',
  osEdition: '72',
  authPolicies: ['OnPremise', 'Federated'],
};

describe('MS-MDE2 discovery', () => {
  it.each(['03-request-discovery.xml', '03-request-discovery.wire.xml'])('decodes the captured Discover (%s)', (file) => {
    const text = capture(file);
    const decoded = decodeDiscoverRequest(text);
    expect(decoded).toEqual({ ...GOLDEN, raw: text });
  });

  it('decodes bytes the same as text', () => {
    const text = capture('03-request-discovery.wire.xml');
    expect(decodeDiscoverRequest(Buffer.from(text, 'utf8'))).toEqual(decodeDiscoverRequest(text));
  });

  it('encodes a DiscoverResponse with the shape and values of the captured one', () => {
    const request = decodeDiscoverRequest(capture('03-request-discovery.wire.xml'));
    const xml = encodeDiscoverResponse({
      relatesTo: request.messageId,
      authPolicy: 'OnPremise',
      enrollmentVersion: '4.0',
      enrollmentPolicyServiceUrl: 'https://windows.fleetdm.ngrok.io/EnrollmentServer/Policy.svc',
      enrollmentServiceUrl: 'https://windows.fleetdm.ngrok.io/EnrollmentServer/Enrollment.svc',
      activityId: '8c6060c4-3d78-4d73-ae17-e8bce88426ee',
    });
    expect(xmlShape(xml)).toEqual(xmlShape(capture('04-response-discovery.xml')));
  });

  it('adds AuthenticationServiceUrl for Federated and requires it', () => {
    const base = {
      relatesTo: 'urn:uuid:1',
      authPolicy: 'Federated' as const,
      enrollmentPolicyServiceUrl: 'https://mdm.example/policy',
      enrollmentServiceUrl: 'https://mdm.example/enroll',
    };
    const xml = encodeDiscoverResponse({ ...base, authenticationServiceUrl: 'https://mdm.example/auth' });
    expect(xmlShape(xml)).toContain(
      '/{http://www.w3.org/2003/05/soap-envelope}Envelope/{http://www.w3.org/2003/05/soap-envelope}Body' +
        '/{http://schemas.microsoft.com/windows/management/2012/01/enrollment}DiscoverResponse' +
        '/{http://schemas.microsoft.com/windows/management/2012/01/enrollment}DiscoverResult' +
        '/{http://schemas.microsoft.com/windows/management/2012/01/enrollment}AuthenticationServiceUrl [] = https://mdm.example/auth',
    );
    expect(() => encodeDiscoverResponse(base)).toThrow(expect.objectContaining({ code: 'invalid_argument' }));
  });

  it('escapes values it writes', () => {
    const xml = encodeDiscoverResponse({
      relatesTo: 'urn:uuid:<&>',
      authPolicy: 'OnPremise',
      enrollmentPolicyServiceUrl: 'https://mdm.example/p?a=1&b=2',
      enrollmentServiceUrl: 'https://mdm.example/e',
    });
    expect(xml).toContain('https://mdm.example/p?a=1&amp;b=2');
    expect(xmlShape(xml).some((l) => l.endsWith('= urn:uuid:<&>'))).toBe(true);
  });

  it('rejects an empty RelatesTo with a CodecError', () => {
    expect(() =>
      encodeDiscoverResponse({ relatesTo: '', authPolicy: 'OnPremise', enrollmentPolicyServiceUrl: 'a', enrollmentServiceUrl: 'b' }),
    ).toThrow(CodecError);
  });
});
