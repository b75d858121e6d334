/** WS-Security UsernameToken (MS-MDE2 OnPremise auth policy). */
export interface WsSecurityUsernameToken {
  readonly kind: 'username';
  readonly username: string;
  readonly password: string;
  /** The Password `Type` attribute (usually …#PasswordText). */
  readonly passwordType: string | undefined;
}

/** WS-Security BinarySecurityToken (Federated: JWT, or Fleet-style DeviceEnrollmentUserToken). */
export interface WsSecurityBinaryToken {
  readonly kind: 'binary';
  readonly valueType: string;
  readonly encodingType: string | undefined;
  /** The token text as sent (whitespace removed). */
  readonly value: string;
  /** The base64-decoded token. */
  readonly data: Uint8Array;
}

/** The credential in the request's `wsse:Security` header. */
export type WsSecurityToken = WsSecurityUsernameToken | WsSecurityBinaryToken;

/** WS-Addressing and WS-Security fields of a SOAP request header. */
export interface SoapRequestHeader {
  readonly action: string;
  readonly messageId: string;
  readonly to: string | undefined;
  readonly replyTo: string | undefined;
  readonly security: WsSecurityToken | undefined;
}

/** SOAP 1.2 fault subcodes of MS-MDE2 §2.2.10 (the fault code is always `s:Receiver`). */
export type SoapFaultSubcode =
  | 's:MessageFormat'
  | 's:Authentication'
  | 's:Authorization'
  | 's:CertificateRequest'
  | 's:EnrollmentServer'
  | 's:InternalServiceFault'
  | 'a:InvalidSecurity';
