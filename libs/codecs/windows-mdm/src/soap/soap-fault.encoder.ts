import { windowsMdmError } from '../windows-mdm.errors';
import { el, textEl } from '../xml/xml.writer';
import { encodeSoapResponse } from './soap-envelope.encoder';
import type { SoapFaultSubcode } from './soap.types';

/** What a SOAP fault answer to an enrollment request carries. */
export interface SoapFaultInput {
  /** Action of the response the client expected (e.g. ACTION.requestSecurityTokenResponse). */
  readonly action: string;
  /** The failed request's MessageID. */
  readonly relatesTo: string;
  readonly subcode: SoapFaultSubcode;
  /** Human-readable reason shown in the client's event log. */
  readonly reason: string;
  readonly activityId?: string;
  /** xml:lang of the reason; default en-US. */
  readonly lang?: string;
}

/** Encodes an MS-MDE2 SOAP 1.2 fault (code s:Receiver, the given subcode). */
export function encodeSoapFault(input: SoapFaultInput): string {
  if (!input.relatesTo) throw windowsMdmError('invalid_argument', 'relatesTo is required');
  const fault = el(
    's:Fault',
    null,
    el('s:Code', null, textEl('s:Value', 's:Receiver'), el('s:Subcode', null, textEl('s:Value', input.subcode))),
    el('s:Reason', null, textEl('s:Text', input.reason, { 'xml:lang': input.lang ?? 'en-US' })),
  );
  return encodeSoapResponse({
    action: input.action,
    relatesTo: input.relatesTo,
    activityId: input.activityId,
    body: fault,
  });
}
