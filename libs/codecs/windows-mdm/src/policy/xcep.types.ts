import type { WsSecurityToken } from '../soap/soap.types';

/** A decoded MS-XCEP GetPolicies request (POST to the enrollment policy service). */
export interface GetPoliciesRequest {
  readonly type: 'GetPolicies';
  readonly messageId: string;
  readonly to: string | undefined;
  readonly replyTo: string | undefined;
  /** Credential from the wsse:Security header (UsernameToken or BinarySecurityToken); the service authenticates it. */
  readonly security: WsSecurityToken | undefined;
  /** The `client` element: null = xsi:nil, undefined = absent. */
  readonly client: {
    readonly lastUpdate: string | null | undefined;
    readonly preferredLanguage: string | null | undefined;
  };
  /** Policy OIDs the client filters on; null when the requestFilter is nil or absent. */
  readonly requestFilterPolicyOids: readonly string[] | null;
  readonly raw: string;
}

/** Settings of the single certificate enrollment policy the server answers with. */
export interface GetPoliciesResponseInput {
  /** The request's MessageID. */
  readonly relatesTo: string;
  /** Policy template common name. Default "Flotilla". */
  readonly commonName?: string;
  /** Default 2048. */
  readonly minimalKeyLength?: number;
  /** Default 31536000 (365 days). */
  readonly validityPeriodSeconds?: number;
  /** Default 15552000 (180 days). */
  readonly renewalPeriodSeconds?: number;
  /** Default Microsoft Platform Crypto Provider, Microsoft Software Key Storage Provider. */
  readonly cryptoProviders?: readonly string[];
}
