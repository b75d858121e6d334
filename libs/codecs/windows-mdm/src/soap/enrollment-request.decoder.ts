import { DEFAULT_LIMITS } from '@flotilla/codec-core';
import { DISCOVER_REQUEST, discoverFromEnvelope } from '../discovery/discovery.decoder';
import type { DiscoverRequest } from '../discovery/discovery.types';
import { REQUEST_SECURITY_TOKEN, requestSecurityTokenFromEnvelope } from '../enrollment/wstep.decoder';
import type { RequestSecurityTokenRequest } from '../enrollment/wstep.types';
import { GET_POLICIES_REQUEST, getPoliciesFromEnvelope } from '../policy/xcep.decoder';
import type { GetPoliciesRequest } from '../policy/xcep.types';
import { ACTION } from '../windows-mdm.constants';
import type { XmlInput } from '../xml/xml.parser';
import type { XmlLimits } from '../xml/xml.types';
import { decodeSoapRequest } from './soap-envelope.decoder';

/** Any enrollment-phase SOAP request, discriminated by `type`. */
export type EnrollmentRequest = DiscoverRequest | GetPoliciesRequest | RequestSecurityTokenRequest;

/**
 * Decodes whichever enrollment request the envelope's Action names (Discover, GetPolicies or
 * RequestSecurityToken), for a transport that serves all three on one route.
 */
export function decodeEnrollmentRequest(input: XmlInput, limits: XmlLimits = DEFAULT_LIMITS): EnrollmentRequest {
  const envelope = decodeSoapRequest(input, [DISCOVER_REQUEST, GET_POLICIES_REQUEST, REQUEST_SECURITY_TOKEN], limits);
  switch (envelope.header.action) {
    case ACTION.discover:
      return discoverFromEnvelope(envelope);
    case ACTION.getPolicies:
      return getPoliciesFromEnvelope(envelope);
    default:
      return requestSecurityTokenFromEnvelope(envelope, limits.maxDepth);
  }
}
