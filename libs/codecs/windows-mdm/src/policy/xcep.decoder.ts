import { DEFAULT_LIMITS } from '@flotilla/codec-core';
import { decodeSoapRequest, type SoapExpectation, type SoapRequestEnvelope } from '../soap/soap-envelope.decoder';
import { ACTION, NS } from '../windows-mdm.constants';
import type { XmlInput } from '../xml/xml.parser';
import { childElements, firstChild, isNil, nillableText, textOf } from '../xml/xml.query';
import type { XmlLimits } from '../xml/xml.types';
import type { GetPoliciesRequest } from './xcep.types';

/** Action and body element of a GetPolicies request. */
export const GET_POLICIES_REQUEST: SoapExpectation = {
  action: ACTION.getPolicies,
  bodyLocal: 'GetPolicies',
  bodyNs: NS.enrollmentPolicy,
};

/** Decodes an MS-XCEP GetPolicies request (SOAP 1.2, Action …/IPolicy/GetPolicies). */
export function decodeGetPoliciesRequest(input: XmlInput, limits: XmlLimits = DEFAULT_LIMITS): GetPoliciesRequest {
  return getPoliciesFromEnvelope(decodeSoapRequest(input, [GET_POLICIES_REQUEST], limits));
}

/** Reads a GetPolicies request out of an already checked envelope. */
export function getPoliciesFromEnvelope({ header, body, raw }: SoapRequestEnvelope): GetPoliciesRequest {
  const client = firstChild(body, 'client', NS.enrollmentPolicy);
  const filter = firstChild(body, 'requestFilter', NS.enrollmentPolicy);
  const oids = filter && !isNil(filter) ? firstChild(filter, 'policyOIDs', NS.enrollmentPolicy) : undefined;
  return {
    type: 'GetPolicies',
    messageId: header.messageId,
    to: header.to,
    replyTo: header.replyTo,
    security: header.security,
    client: {
      lastUpdate: client ? nillableText(client, 'lastUpdate', NS.enrollmentPolicy) : undefined,
      preferredLanguage: client ? nillableText(client, 'preferredLanguage', NS.enrollmentPolicy) : undefined,
    },
    requestFilterPolicyOids:
      filter && !isNil(filter) ? (oids ? childElements(oids, 'oid', NS.enrollmentPolicy).map(textOf) : []) : null,
    raw,
  };
}
