import { CodecError } from '@flotilla/codec-core';

/** Name every error of this codec carries (`CodecError.codec`). */
export const WINDOWS_MDM_CODEC = 'windows-mdm';

/** Every way a Windows MDM message can fail to decode or encode. Transports map these once. */
export type WindowsMdmErrorCode =
  /** Not well-formed XML (truncated, mismatched tags, bad entity reference, invalid UTF-8). */
  | 'malformed_xml'
  /** A DOCTYPE / entity declaration: refused outright (no entity expansion, no external entities). */
  | 'forbidden_dtd'
  /** Input larger than the byte limit. */
  | 'too_large'
  /** Elements nested deeper than the depth limit. */
  | 'too_deep'
  /** Root is not a SOAP 1.2 Envelope, or the Envelope has no Header/Body. */
  | 'not_soap'
  /** WS-Addressing Action (or body element) is not the one this decoder handles. */
  | 'unknown_action'
  /** A required element or attribute is absent or empty. */
  | 'missing_element'
  /** A base64 payload is not valid base64. */
  | 'bad_base64'
  /** MS-WSTEP TokenType or BinarySecurityToken ValueType this codec does not support. */
  | 'unsupported_token_type'
  /** MS-WSTEP RequestType other than Issue. */
  | 'unsupported_request_type'
  /** The PKCS#10 CSR cannot be parsed. */
  | 'bad_csr'
  /** The PKCS#10 self-signature does not verify. */
  | 'bad_csr_signature'
  /** The CSR's key or signature algorithm is not supported (only RSA with SHA-1/2). */
  | 'unsupported_csr_algorithm'
  /** A certificate given to an encoder cannot be parsed. */
  | 'bad_certificate'
  /** Root is not a SyncML 1.2 message, or SyncHdr/SyncBody is missing. */
  | 'not_syncml'
  /** A SyncBody element that is not an OMA-DM command this codec knows. */
  | 'unknown_command'
  /** An encoder was given inconsistent input. */
  | 'invalid_argument';

/** The error type thrown by every function of this codec. */
export type WindowsMdmError = CodecError<WindowsMdmErrorCode>;

/** Builds (does not throw) a codec error. */
export function windowsMdmError(code: WindowsMdmErrorCode, message: string, cause?: unknown): WindowsMdmError {
  return new CodecError<WindowsMdmErrorCode>(WINDOWS_MDM_CODEC, code, message, cause === undefined ? undefined : { cause });
}

/** True when `err` was thrown by this codec (optionally with the given code). */
export function isWindowsMdmError(err: unknown, code?: WindowsMdmErrorCode): err is WindowsMdmError {
  return err instanceof CodecError && err.codec === WINDOWS_MDM_CODEC && (code === undefined || err.code === code);
}
