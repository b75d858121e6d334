/**
 * Apple configuration profiles: build enrollment and configuration `.mobileconfig` files, sign
 * and verify them as CMS SignedData, parse uploads, and verify the `Mdm-Signature` header.
 * Pure functions over bytes (node:crypto for keys and signatures, node-forge for ASN.1);
 * every failure is an {@link AppleProfilesError}.
 */

/** The codec's error class, its code union and codec name. */
export { AppleProfilesError, APPLE_PROFILES_CODEC, type AppleProfilesErrorCode } from './apple-profiles.errors';

/** Profile input and output types. */
export type {
  ConfigurationProfileInput,
  EnrollmentProfileInput,
  MdmPayloadInput,
  ParsedProfile,
  PayloadInput,
  PayloadScope,
  ProfilePayloadSummary,
  ScepPayloadInput,
  SignedProfile,
  UnsignedProfile,
  X500Name,
} from './profile/profile.types';
/** Build a `Configuration` profile from payloads (as XML bytes, or as a dict to compose further). */
export { buildConfigurationProfile, configurationProfileDict } from './profile/configuration-profile.builder';
/** Build an enrollment profile (SCEP identity + MDM payload), with Fleet's defaults. */
export {
  ALL_ACCESS_RIGHTS,
  buildEnrollmentProfile,
  DEFAULT_IDENTITY_SUBJECT,
  DEFAULT_SERVER_CAPABILITIES,
  enrollmentProfileDict,
  SCEP_KEY_SIZE,
} from './profile/enrollment-profile.builder';
/** Parse an uploaded `.mobileconfig`, signed or not. */
export { parseProfile, type ParseProfileOptions } from './profile/profile.parser';
/** Sign a profile as attached CMS SignedData; verify one. */
export { signProfile, verifySignedProfile } from './profile/profile.signer';

/** Build a CMS SignedData (attached or detached) with one RSA or EC signer. */
export { signData, type SignDataOptions, type SignerIdentity } from './cms/signed-data.signer';
/** Verify a CMS SignedData with exactly one signer; returns content, signer and carried certificates. */
export { verifySignedData, type VerifiedSignedData, type VerifySignedDataOptions } from './cms/signed-data.verifier';
/** A certificate as PEM, DER or `X509Certificate`. */
export type { CertificateInput } from './cms/certificate.helpers';
/** Digest names the CMS functions accept. */
export type { DigestName } from './cms/cms.oids';

/** Verify the `Mdm-Signature` header over a request body and return the device certificate. */
export { verifyMdmSignature, type MdmSignature, type MdmSignatureOptions } from './mdm-signature/mdm-signature.verifier';
