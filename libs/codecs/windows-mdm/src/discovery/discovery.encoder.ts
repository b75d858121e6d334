import { encodeSoapResponse } from '../soap/soap-envelope.encoder';
import { ACTION, NS } from '../windows-mdm.constants';
import { windowsMdmError } from '../windows-mdm.errors';
import { el, optTextEl, textEl } from '../xml/xml.writer';
import type { DiscoverResponseInput } from './discovery.types';

/** Encodes the MS-MDE2 DiscoverResponse envelope (RelatesTo = the request's MessageID). */
export function encodeDiscoverResponse(input: DiscoverResponseInput): string {
  if (!input.relatesTo) throw windowsMdmError('invalid_argument', 'relatesTo is required');
  if (!input.enrollmentPolicyServiceUrl || !input.enrollmentServiceUrl) {
    throw windowsMdmError('invalid_argument', 'policy and enrollment service URLs are required');
  }
  if (input.authPolicy === 'Federated' && !input.authenticationServiceUrl) {
    throw windowsMdmError('invalid_argument', 'Federated auth policy needs authenticationServiceUrl');
  }
  const result = el(
    'DiscoverResult',
    null,
    textEl('AuthPolicy', input.authPolicy),
    textEl('EnrollmentVersion', input.enrollmentVersion ?? '4.0'),
    textEl('EnrollmentPolicyServiceUrl', input.enrollmentPolicyServiceUrl),
    textEl('EnrollmentServiceUrl', input.enrollmentServiceUrl),
    optTextEl('AuthenticationServiceUrl', input.authenticationServiceUrl),
  );
  return encodeSoapResponse({
    action: ACTION.discoverResponse,
    relatesTo: input.relatesTo,
    activityId: input.activityId,
    body: el('DiscoverResponse', { xmlns: NS.discovery }, result),
  });
}
