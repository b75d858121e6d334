/** One attribute of the CSR subject, value decoded as-is (NULs and `!` kept). */
export interface CsrSubjectAttribute {
  readonly oid: string;
  /** Short name when known (CN, O, OU…). */
  readonly shortName: string | undefined;
  readonly value: string;
}

/** One extension requested through the PKCS#9 extensionRequest attribute. */
export interface CsrExtension {
  readonly oid: string;
  readonly critical: boolean;
  /** DER of the extnValue contents. */
  readonly value: Uint8Array;
}

/** A PKCS#10 request whose self-signature has been verified. */
export interface WindowsCsr {
  /** The CSR as received (DER). */
  readonly der: Uint8Array;
  readonly subject: readonly CsrSubjectAttribute[];
  /**
   * The subject CN exactly as sent. Windows writes `<GUID>!<DeviceID>` plus a trailing NUL inside a
   * PrintableString, which strict parsers reject; it is kept verbatim here.
   */
  readonly commonName: string | undefined;
  readonly publicKey: {
    readonly algorithm: 'rsa';
    /** Modulus size in bits. */
    readonly bits: number;
    /** SubjectPublicKeyInfo DER, ready for a certificate template. */
    readonly spkiDer: Uint8Array;
  };
  readonly signatureAlgorithmOid: string;
  readonly extensions: readonly CsrExtension[];
}
