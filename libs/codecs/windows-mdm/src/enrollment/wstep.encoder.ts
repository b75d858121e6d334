import { encodeBase64 } from '../soap/base64.codec';
import { encodeSoapResponse } from '../soap/soap-envelope.encoder';
import { ACTION, NS, WSTEP } from '../windows-mdm.constants';
import { windowsMdmError } from '../windows-mdm.errors';
import { el, textEl } from '../xml/xml.writer';

/** What the RequestSecurityTokenResponseCollection answer carries. */
export interface RequestSecurityTokenResponseInput {
  /** The RequestSecurityToken's MessageID. */
  readonly relatesTo: string;
  /** The serialized wap-provisioningdoc (see buildProvisioningDoc / encodeProvisioningDoc). */
  readonly provisioningDoc: string;
  /** Clock reading for the WS-Security Timestamp. */
  readonly now: Date;
  /** Timestamp window: Created = now − skew, Expires = now + skew. Default 300 s (±5 min). */
  readonly timestampSkewSeconds?: number;
  /** Default "0". */
  readonly requestId?: string;
}

/** Encodes the MS-WSTEP RSTRC envelope holding the base64 provisioning document. */
export function encodeRequestSecurityTokenResponse(input: RequestSecurityTokenResponseInput): string {
  if (!input.relatesTo) throw windowsMdmError('invalid_argument', 'relatesTo is required');
  if (!input.provisioningDoc) throw windowsMdmError('invalid_argument', 'provisioningDoc is required');
  if (Number.isNaN(input.now.getTime())) throw windowsMdmError('invalid_argument', 'now is not a valid date');
  const skewMs = (input.timestampSkewSeconds ?? 300) * 1000;
  const security = el(
    'o:Security',
    { 'xmlns:o': NS.wssSecext, 's:mustUnderstand': '1' },
    el(
      'u:Timestamp',
      { 'u:Id': '_0' },
      textEl('u:Created', new Date(input.now.getTime() - skewMs).toISOString()),
      textEl('u:Expires', new Date(input.now.getTime() + skewMs).toISOString()),
    ),
  );
  const response = el(
    'RequestSecurityTokenResponse',
    null,
    textEl('TokenType', WSTEP.deviceEnrollmentToken),
    el('DispositionMessage', { xmlns: NS.enrollment }),
    el(
      'RequestedSecurityToken',
      null,
      textEl('BinarySecurityToken', encodeBase64(input.provisioningDoc), {
        xmlns: NS.wssSecext,
        ValueType: WSTEP.deviceEnrollmentProvisionDoc,
        EncodingType: WSTEP.base64Encoding,
      }),
    ),
    textEl('RequestID', input.requestId ?? '0', { xmlns: NS.enrollment }),
  );
  return encodeSoapResponse({
    action: ACTION.requestSecurityTokenResponse,
    relatesTo: input.relatesTo,
    declareUtility: true,
    securityHeader: security,
    body: el('RequestSecurityTokenResponseCollection', { xmlns: NS.wsTrust }, response),
  });
}
