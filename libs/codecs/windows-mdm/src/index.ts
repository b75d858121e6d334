/**
 * @flotilla/codec-windows-mdm — pure codecs for Windows MDM: MS-MDE2 discovery, MS-XCEP policy,
 * MS-WSTEP enrollment (tolerant, signature-checked PKCS#10; wap-provisioningdoc; RSTR) and OMA-DM
 * SyncML 1.2. No I/O, no clock, no randomness: every failure is a CodecError with a WindowsMdmErrorCode.
 */

/** Error codes, the error type, a type guard and the codec name. */
export { WINDOWS_MDM_CODEC, isWindowsMdmError, type WindowsMdmError, type WindowsMdmErrorCode } from './windows-mdm.errors';
/** Namespaces, SOAP Actions, WS-Trust/WSTEP URIs, HTTP content types, OMA-DM alert and status codes. */
export { ACTION, CONTENT_TYPE, NS, SYNCML_ALERT, SYNCML_STATUS, WSTEP } from './windows-mdm.constants';
/** Input type and size/depth limits every decoder accepts. */
export type { XmlInput } from './xml/xml.parser';
export type { XmlLimits } from './xml/xml.types';

/** Shared SOAP shapes: the WS-Security credential of a request and the MS-MDE2 fault subcodes. */
export type {
  SoapFaultSubcode,
  SoapRequestHeader,
  WsSecurityBinaryToken,
  WsSecurityToken,
  WsSecurityUsernameToken,
} from './soap/soap.types';
/** Decodes any enrollment request (Discover | GetPolicies | RequestSecurityToken) by its Action. */
export { decodeEnrollmentRequest, type EnrollmentRequest } from './soap/enrollment-request.decoder';
/** Encodes an MS-MDE2 SOAP fault (s:Receiver + subcode) answering a failed enrollment request. */
export { encodeSoapFault, type SoapFaultInput } from './soap/soap-fault.encoder';

/** MS-MDE2 discovery: decode Discover, encode DiscoverResponse. */
export { decodeDiscoverRequest } from './discovery/discovery.decoder';
/** Encodes the DiscoverResponse (OnPremise/Federated, service URLs, RelatesTo). */
export { encodeDiscoverResponse } from './discovery/discovery.encoder';
export type { AuthPolicy, DiscoverRequest, DiscoverResponseInput } from './discovery/discovery.types';

/** MS-XCEP: decode GetPolicies. */
export { decodeGetPoliciesRequest } from './policy/xcep.decoder';
/** MS-XCEP: encode the GetPoliciesResponse (one policy + OID table). */
export { encodeGetPoliciesResponse } from './policy/xcep.encoder';
export type { GetPoliciesRequest, GetPoliciesResponseInput } from './policy/xcep.types';

/** MS-WSTEP: decode RequestSecurityToken (checks types, decodes and verifies the CSR). */
export { decodeRequestSecurityToken } from './enrollment/wstep.decoder';
/** MS-WSTEP: encode the RequestSecurityTokenResponseCollection carrying the provisioning doc. */
export { encodeRequestSecurityTokenResponse, type RequestSecurityTokenResponseInput } from './enrollment/wstep.encoder';
export type {
  EnrollmentCertificateRequest,
  EnrollmentContext,
  EnrollmentContextItem,
  RequestSecurityTokenRequest,
} from './enrollment/wstep.types';
/** Tolerant PKCS#10 parsing (`!`/NUL in PrintableString) with mandatory self-signature check. */
export { parseWindowsCsr } from './enrollment/windows-csr.parser';
export type { CsrExtension, CsrSubjectAttribute, WindowsCsr } from './enrollment/windows-csr.types';

/** wap-provisioningdoc: build from certificates + settings, thumbprints, search criteria, defaults. */
export {
  buildProvisioningDoc,
  certificateThumbprint,
  DEFAULT_CONNECTION_RETRY,
  DEFAULT_POLL_SCHEDULE,
  sslClientCertSearchCriteria,
  type CertificateThumbprint,
} from './enrollment/provisioning-doc.builder';
/** wap-provisioningdoc serialization and parsing. */
export { decodeProvisioningDoc, encodeProvisioningDoc } from './enrollment/provisioning-doc.codec';
export type {
  AppAuthSettings,
  CertificateInput,
  PollSchedule,
  ProvisioningCharacteristic,
  ProvisioningDoc,
  ProvisioningDocSettings,
  ProvisioningParm,
} from './enrollment/provisioning-doc.types';

/** OMA-DM SyncML 1.2: decode a message, or stored command fragments. */
export { decodeSyncMl, decodeSyncMlCommands } from './syncml/syncml.decoder';
/** OMA-DM SyncML 1.2: encode a message. */
export { encodeSyncMl } from './syncml/syncml.encoder';
/** Builds the server reply (Status for SyncHdr and each command, new commands, Final). */
export { buildSyncMlReply, type SyncMlReplyInput } from './syncml/syncml-reply.builder';
export type {
  DecodedSyncMlMessage,
  SyncMlAlert,
  SyncMlCommand,
  SyncMlCommandType,
  SyncMlContainer,
  SyncMlHeader,
  SyncMlItem,
  SyncMlItemCommand,
  SyncMlMessage,
  SyncMlMeta,
  SyncMlResults,
  SyncMlStatus,
} from './syncml/syncml.types';
