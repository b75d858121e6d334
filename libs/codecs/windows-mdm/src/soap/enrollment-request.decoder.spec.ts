import { decodeDiscoverRequest } from '../discovery/discovery.decoder';
import { decodeRequestSecurityToken } from '../enrollment/wstep.decoder';
import { decodeGetPoliciesRequest } from '../policy/xcep.decoder';
import { capture } from '../testing/fixture.loader';
import type { XmlInput } from '../xml/xml.parser';
import { decodeEnrollmentRequest } from './enrollment-request.decoder';

describe('decodeEnrollmentRequest', () => {
  it.each<[string, string, (input: XmlInput) => unknown]>([
    ['03-request-discovery.xml', 'Discover', decodeDiscoverRequest],
    ['05-request-policy.wire.xml', 'GetPolicies', decodeGetPoliciesRequest],
    ['07-request-enrollment.xml', 'RequestSecurityToken', decodeRequestSecurityToken],
  ])('dispatches %s on its Action to %s', (file, type, specific) => {
    const decoded = decodeEnrollmentRequest(capture(file));
    expect(decoded.type).toBe(type);
    expect(decoded).toEqual(specific(capture(file)));
  });

  it.each([
    ['a server response', capture('04-response-discovery.xml'), 'unknown_action'],
    ['a SyncML message', capture('09-request-management.xml'), 'not_soap'],
  ])('rejects %s', (_what, input, code) => {
    expect(() => decodeEnrollmentRequest(input)).toThrow(expect.objectContaining({ code }));
  });
});
