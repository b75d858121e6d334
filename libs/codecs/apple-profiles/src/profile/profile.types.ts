import type { X509Certificate } from 'node:crypto';
import type { PlistDict } from '@flotilla/codec-apple-mdm';

/** `PayloadScope` of a profile: installed for the device (System) or the user. */
export type PayloadScope = 'System' | 'User';

/** One payload of a configuration profile: the Payload* keys typed, the rest in `fields`. */
export interface PayloadInput {
  payloadType: string;
  payloadIdentifier: string;
  payloadUuid: string;
  payloadDisplayName?: string;
  payloadDescription?: string;
  payloadOrganization?: string;
  /** Default 1. */
  payloadVersion?: number;
  /** The payload's own keys (must not repeat a Payload* key above). */
  fields?: PlistDict;
}

/** The outer `Configuration` profile. UUIDs are inputs (the codec has no randomness). */
export interface ConfigurationProfileInput {
  payloadIdentifier: string;
  payloadUuid: string;
  payloadDisplayName: string;
  payloadDescription?: string;
  payloadOrganization?: string;
  payloadScope?: PayloadScope;
  payloadRemovalDisallowed?: boolean;
  /** Default 1. */
  payloadVersion?: number;
  payloads: PayloadInput[];
}

/** An X.500 name as Apple's SCEP payload writes it: RDNs of `[type, value]` pairs. */
export type X500Name = [type: string, value: string][][];

/** The `com.apple.security.scep` payload of an enrollment profile (Keysize 2048, Key Type RSA). */
export interface ScepPayloadInput {
  payloadUuid: string;
  /** Default `<profile identifier>.scep`. */
  payloadIdentifier?: string;
  payloadDisplayName?: string;
  /** The SCEP endpoint; no query string (Apple's client appends `?operation=…`). */
  url: string;
  challenge?: string;
  /** The CA name (`Name`). */
  name?: string;
  /** Default Fleet's `O=Fleet / CN=Fleet Identity`. */
  subject?: X500Name;
  /** 1 sign, 4 encrypt, 5 both (default 5). */
  keyUsage?: 1 | 4 | 5;
  retries?: number;
  retryDelay?: number;
}

/** The `com.apple.mdm` payload of an enrollment profile. */
export interface MdmPayloadInput {
  payloadUuid: string;
  /** Default `<profile identifier>.mdm`. */
  payloadIdentifier?: string;
  payloadDisplayName?: string;
  /** The push certificate's UID topic (`com.apple.mgmt.External.<uuid>`). */
  topic: string;
  serverUrl: string;
  checkInUrl?: string;
  /** Bitmask 1–8191 (default 8191, all rights). */
  accessRights?: number;
  /** Default true (the device signs every request: `Mdm-Signature`). */
  signMessage?: boolean;
  /** Default true. */
  checkOutWhenRemoved?: boolean;
  /** Default per-user-connections and bootstraptoken. */
  serverCapabilities?: string[];
  serverUrlPinningCertificateUuids?: string[];
  /** Further keys of the MDM payload (e.g. EnrollmentMode, AssignedManagedAppleID). */
  fields?: PlistDict;
}

/** An enrollment profile: the SCEP identity payload, the MDM payload, and optional others. */
export interface EnrollmentProfileInput extends Omit<ConfigurationProfileInput, 'payloads'> {
  scep: ScepPayloadInput;
  mdm: MdmPayloadInput;
  /** e.g. a `com.apple.security.root` payload for the SCEP CA. */
  additionalPayloads?: PayloadInput[];
}

/** One payload of a parsed profile. */
export interface ProfilePayloadSummary {
  payloadType: string;
  payloadIdentifier: string;
  payloadUuid: string;
  payloadDisplayName?: string;
  payloadVersion?: number;
  raw: PlistDict;
}

interface ParsedProfileBase {
  payloadType: 'Configuration';
  payloadIdentifier: string;
  payloadUuid: string;
  payloadDisplayName?: string;
  payloadDescription?: string;
  payloadOrganization?: string;
  payloadScope?: PayloadScope;
  payloadVersion: number;
  payloadRemovalDisallowed?: boolean;
  payloads: ProfilePayloadSummary[];
  /** The distinct PayloadTypes inside, in order of appearance. */
  payloadTypes: string[];
  /** The profile plist bytes (the signed content for a signed profile). */
  content: Buffer;
  raw: PlistDict;
}

/** A profile uploaded without a signature. */
export interface UnsignedProfile extends ParsedProfileBase {
  signed: false;
}

/** A CMS-signed profile whose signature verified. */
export interface SignedProfile extends ParsedProfileBase {
  signed: true;
  signer: X509Certificate;
  certificates: X509Certificate[];
  signingTime?: Date;
}

/** A parsed .mobileconfig, discriminated on `signed`. */
export type ParsedProfile = UnsignedProfile | SignedProfile;
