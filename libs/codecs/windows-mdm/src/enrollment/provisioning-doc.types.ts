/** A `parm` of a wap-provisioningdoc. */
export interface ProvisioningParm {
  readonly name: string;
  /** Absent for flag parms such as BACKCOMPATRETRYDISABLED. */
  readonly value?: string;
  /** integer | boolean | string, when the CSP wants it. */
  readonly datatype?: string;
}

/** A `characteristic`: its parms are written before its child characteristics. */
export interface ProvisioningCharacteristic {
  readonly type: string;
  readonly parms: readonly ProvisioningParm[];
  readonly characteristics: readonly ProvisioningCharacteristic[];
}

/** A whole wap-provisioningdoc (MS-MDE2 §2.2.9.1). */
export interface ProvisioningDoc {
  /** "1.1". */
  readonly version: string;
  readonly characteristics: readonly ProvisioningCharacteristic[];
}

/** A certificate as PEM text or DER bytes. */
export type CertificateInput = string | Uint8Array;

/** One APPAUTH block of the w7 APPLICATION characteristic. */
export interface AppAuthSettings {
  /** CLIENT: the server authenticates to the client; APPSRV: the client to the server. */
  readonly level: 'CLIENT' | 'APPSRV';
  readonly type: 'DIGEST' | 'BASIC';
  readonly name?: string;
  readonly secret: string;
  /** Nonce (DIGEST). */
  readonly data?: string;
}

/** DMClient poll schedule (DMClient CSP …/Poll); minutes and counts, written as integers. */
export interface PollSchedule {
  readonly numberOfFirstRetries?: number;
  readonly intervalForFirstSetOfRetries?: number;
  readonly numberOfSecondRetries?: number;
  readonly intervalForSecondSetOfRetries?: number;
  readonly numberOfRemainingScheduledRetries?: number;
  readonly intervalForRemainingScheduledRetries?: number;
  readonly pollOnLogin?: boolean;
  readonly allUsersPollOnFirstLogin?: boolean;
}

/** Settings for buildProvisioningDoc. Optional APPLICATION parms are written only when given. */
export interface ProvisioningDocSettings {
  /** The CA that issued the client cert → CertificateStore/Root/System/<SHA-1>. */
  readonly rootCertificate: CertificateInput;
  /** Intermediate CAs → CertificateStore/CA/System/<SHA-1>. */
  readonly intermediateCertificates?: readonly CertificateInput[];
  /** The certificate issued for the CSR → CertificateStore/My/<store>/<SHA-1>. */
  readonly clientCertificate: CertificateInput;
  /** My/User for user (Full) enrollments, My/System for Device enrollments. */
  readonly clientCertificateStore: 'User' | 'System';
  /** CertificateStore/My/WSTEP/Renew (certificate renewal through MS-WSTEP). */
  readonly wstepRenewal?: { readonly roboSupport: boolean; readonly renewPeriodDays: number; readonly retryIntervalDays: number };
  readonly application: {
    /** Also names the DMClient Provider characteristic. */
    readonly providerId: string;
    /** Defaults to providerId. */
    readonly name?: string;
    /** The OMA-DM management URL (ADDR). */
    readonly managementUrl: string;
    readonly serverListUrl?: string;
    readonly role?: string;
    readonly connRetryFreq?: number;
    readonly initialBackoffTime?: number;
    readonly maxBackoffTime?: number;
    /** Default true. */
    readonly backCompatRetryDisabled?: boolean;
    /** Default application/vnd.syncml.dm+xml. */
    readonly defaultEncoding?: string;
    readonly sslClientCertSearchCriteria?: string;
    readonly appAuth?: readonly AppAuthSettings[];
  };
  /** DMClient/Provider/<providerId>; omitted entirely when undefined. */
  readonly dmClient?: {
    readonly entDmId?: string;
    readonly upn?: string;
    readonly enableOmaDmKeepAliveMessage?: boolean;
    /** Any further Provider parms, written after the ones above. */
    readonly extraParms?: readonly ProvisioningParm[];
    readonly poll?: PollSchedule;
  };
}
