import type { WsSecurityToken } from '../soap/soap.types';
import type { WindowsCsr } from './windows-csr.types';

/** One `ac:ContextItem` of the request's AdditionalContext, in order (MAC repeats). */
export interface EnrollmentContextItem {
  readonly name: string;
  readonly value: string;
}

/** The well-known AdditionalContext items (MS-MDE2 §2.2.9.3), absent ones undefined. */
export interface EnrollmentContext {
  readonly deviceId: string | undefined;
  readonly hwDevId: string | undefined;
  /** "Full" (user) or "Device". */
  readonly enrollmentType: string | undefined;
  readonly deviceType: string | undefined;
  readonly deviceName: string | undefined;
  readonly applicationVersion: string | undefined;
  readonly osVersion: string | undefined;
  readonly osEdition: string | undefined;
  readonly locale: string | undefined;
  readonly requestVersion: string | undefined;
  readonly uxInitiated: boolean | undefined;
  readonly targetedUserLoggedIn: boolean | undefined;
  readonly notInOobe: boolean | undefined;
  readonly macAddresses: readonly string[];
}

/** The body BinarySecurityToken: a PKCS#10 CSR, or a PKCS#7-signed CSR (renewal). */
export interface EnrollmentCertificateRequest {
  readonly valueType: 'PKCS10' | 'PKCS7';
  readonly encodingType: string | undefined;
  /** The decoded token bytes (DER). */
  readonly der: Uint8Array;
}

/** A decoded MS-WSTEP RequestSecurityToken (POST to the enrollment service). */
export interface RequestSecurityTokenRequest {
  readonly type: 'RequestSecurityToken';
  readonly messageId: string;
  readonly to: string | undefined;
  readonly replyTo: string | undefined;
  /** Credential from the wsse:Security header; the service authenticates it. */
  readonly security: WsSecurityToken | undefined;
  readonly tokenType: string;
  readonly requestType: string;
  readonly certificateRequest: EnrollmentCertificateRequest;
  /** The parsed, signature-verified CSR (PKCS10 requests); undefined for PKCS7 renewals. */
  readonly csr: WindowsCsr | undefined;
  readonly contextItems: readonly EnrollmentContextItem[];
  readonly context: EnrollmentContext;
  readonly raw: string;
}
