/** One attribute of a distinguished name, in certificate order. */
export interface NameAttribute {
  /** Dotted OID, e.g. 0.9.2342.19200300.100.1.1. */
  oid: string;
  /** OpenSSL short name when known (C, O, OU, CN, UID, …), else the OID. */
  name: string;
  value: string;
}

/** A parsed MDM APNs push certificate (public part only). */
export interface PushCertificate {
  /** The APNs topic: the subject's UID, `com.apple.mgmt.External.<uuid>` for Apple-issued certificates. */
  topic: string;
  /** Subject as `UID=com.apple.mgmt.…, CN=APSP:…, C=US`: certificate order (as `openssl -nameopt oneline`), no escaping. */
  subject: string;
  subjectAttributes: NameAttribute[];
  /** Issuer in the same form (Apple: "CN=Apple Application Integration 2 Certification Authority, …"). */
  issuer: string;
  issuerAttributes: NameAttribute[];
  /** Upper-case hex, as `openssl x509 -serial` prints it. */
  serialNumber: string;
  notBefore: Date;
  notAfter: Date;
  /** Only when `now` was given: `now` is after notAfter. */
  expired?: boolean;
  /** SHA-256 of the DER, lower-case hex (a stable id for stores). */
  sha256Fingerprint: string;
  /** The certificate alone, re-armoured as PEM (64-column base64, LF). */
  certificatePem: string;
  certificateDer: Uint8Array;
}

/** Options of `parsePushCertificate`. */
export interface ParsePushCertificateOptions {
  /** When given, `expired` is set against it (codecs read no clock). */
  now?: Date;
  /** Largest PEM text accepted, in bytes (default 1 MiB). */
  maxBytes?: number;
}

/** Options of `apnsPushHeaders`. */
export interface ApnsPushHeaderOptions {
  /** `apns-expiration`: a Date (sent as epoch seconds) or epoch seconds; 0 = try once, do not store. */
  expiration?: Date | number;
  /** `apns-priority`: 10 (immediate, APNs' default) or 5. Omitted unless given. */
  priority?: 5 | 10;
}
