/**
 * Apple MDM push (APNs) as pure functions: parse and check the MDM push certificate (topic =
 * subject UID, `com.apple.mgmt.…`), check that an uploaded private key belongs to it, and build
 * the APNs request for an MDM wake-up (path, headers, `{"mdm":"<PushMagic>"}` body). No I/O, no
 * clock (pass `now`). Every failure is a CodecError with a PushErrorCode.
 */

/** Errors: the closed code union, the codec name, and a type guard. */
export { isPushCodecError, PUSH_CODEC, type PushCodecError, type PushErrorCode } from './push.errors';

/** Parsed certificate and option types. */
export type { ApnsPushHeaderOptions, NameAttribute, ParsePushCertificateOptions, PushCertificate } from './push.types';

/** Push certificate: parse (topic, validity, issuer…) and key match. */
export { MDM_TOPIC_PREFIX, parsePushCertificate, PUSH_TOPIC_OID, pushCertificateKeyMatches } from './push-certificate.parser';

/** APNs request for an MDM push: body, `:path`, headers, host and ports. */
export { APNS_HOST, APNS_PORTS, apnsDevicePath, apnsPushHeaders, encodeMdmPush } from './mdm-push.encoder';
