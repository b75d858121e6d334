/** MS-MDE2 authentication policies a client may support / a server may pick. */
export type AuthPolicy = 'OnPremise' | 'Federated' | 'Certificate';

/** A decoded MS-MDE2 Discover request (POST to /EnrollmentServer/Discovery.svc). */
export interface DiscoverRequest {
  readonly type: 'Discover';
  readonly messageId: string;
  readonly to: string | undefined;
  readonly replyTo: string | undefined;
  /** UPN / email the user typed; empty for device (non-user) discovery. */
  readonly emailAddress: string;
  /** Protocol version, e.g. "4.0" (Windows 10) up to "6.0"/"7.0". */
  readonly requestVersion: string;
  /** E.g. CIMClient_Windows. */
  readonly deviceType: string | undefined;
  /** Client OS build, e.g. 10.0.19043.2364. */
  readonly applicationVersion: string | undefined;
  /** Windows SKU number (decimal string, e.g. "72"). */
  readonly osEdition: string | undefined;
  /** Policies the client supports, in the order sent. */
  readonly authPolicies: readonly string[];
  /** The request as received. */
  readonly raw: string;
}

/** What the server answers to Discover. */
export interface DiscoverResponseInput {
  /** The request's MessageID. */
  readonly relatesTo: string;
  readonly authPolicy: AuthPolicy;
  /** Default "4.0". */
  readonly enrollmentVersion?: string;
  readonly enrollmentPolicyServiceUrl: string;
  readonly enrollmentServiceUrl: string;
  /** Required when authPolicy is Federated (the STS page). */
  readonly authenticationServiceUrl?: string;
  /** WCF diagnostics ActivityId; omitted when undefined (the codec has no randomness). */
  readonly activityId?: string;
}
