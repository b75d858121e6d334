import { scepFail } from './scep.errors';
import type { CertificateInput, PkiMessageInfo, ScepLimits } from './scep.types';
import { isIssuedBy, isSelfSigned, readCertificate, type ParsedCertificate } from './internal/certificate.reader';
import { resolveLimits } from './internal/der.reader';
import { envelopeInfo, readEnvelopedData, type ParsedEnvelopedData } from './internal/enveloped-data.codec';
import { OID } from './internal/oids.constants';
import { readScepAttributes } from './internal/scep-attributes.codec';
import { findSignerCertificate, rawAttributes, readSignedData, verifySignerInfo } from './internal/signed-data.reader';

export interface InspectPkiMessageOptions {
  /**
   * Certificates that may have signed the message besides those it carries: the RA/CA certificates
   * from GetCACert, needed for NDES replies that carry none.
   */
  signerCertificates?: CertificateInput[];
  /** When given, the signer must be one of these certificates or be issued by one of them (`untrusted_signer`). */
  trustedSigners?: CertificateInput[];
  limits?: Partial<ScepLimits>;
}

/** The verified message plus the parsed pieces the decoders go on with. */
export interface ReadPkiMessage {
  info: PkiMessageInfo;
  signerCert: ParsedCertificate;
  /** Parses the content as EnvelopedData (throws when it is absent or not one). */
  envelope(): ParsedEnvelopedData;
  limits: ScepLimits;
}

/**
 * Reads a PKIMessage (CMS SignedData), verifies its single signature, and reads the SCEP
 * attributes, without opening the envelope. Works on any message type.
 */
export function inspectPkiMessage(der: Uint8Array, options: InspectPkiMessageOptions = {}): PkiMessageInfo {
  return readPkiMessage(der, options).info;
}

export function readPkiMessage(der: Uint8Array, options: InspectPkiMessageOptions): ReadPkiMessage {
  const limits = resolveLimits(options.limits);
  const sd = readSignedData(der, limits, 'PKIMessage');
  if (sd.contentType !== OID.data) scepFail('not_pkcs7', `PKIMessage content type ${sd.contentType} is not id-data`);
  const [signer, ...others] = sd.signerInfos;
  if (signer === undefined || others.length > 0) scepFail('not_pkcs7', `PKIMessage has ${sd.signerInfos.length} signers, not one`);
  const extra = (options.signerCertificates ?? []).map((c) => readCertificate(c, 'invalid_input', limits, 'signer certificate'));
  const signerCert = findSignerCertificate(signer, [...sd.certificates, ...extra]);
  if (signerCert === undefined) scepFail('signer_not_found', 'no certificate matches the PKIMessage signer');
  verifySignerInfo(sd, signer, signerCert, 'PKIMessage');
  if (options.trustedSigners !== undefined) {
    const trusted = options.trustedSigners.map((c) => readCertificate(c, 'invalid_input', limits, 'trusted certificate'));
    if (!trusted.some((t) => t.der.equals(signerCert.der) || isIssuedBy(signerCert, t))) {
      scepFail('untrusted_signer', `PKIMessage signer ${signerCert.subject.text} is not a trusted CA/RA`);
    }
  }
  const attrs = readScepAttributes(signer.attributes, 'PKIMessage');
  const info: PkiMessageInfo = {
    raw: Buffer.from(der),
    ...attrs,
    digestAlgorithm: signer.digestAlgorithm,
    signer: {
      certificate: Buffer.from(signerCert.der),
      subject: signerCert.subject,
      issuer: signerCert.issuer,
      serialNumber: signerCert.serial.toString('hex'),
      selfSigned: isSelfSigned(signerCert),
    },
    certificates: sd.certificates.map((c) => Buffer.from(c.der)),
    attributes: rawAttributes(signer.attributes),
  };
  let parsed: ParsedEnvelopedData | undefined;
  const envelope = (): ParsedEnvelopedData => {
    if (sd.content === undefined || sd.content.length === 0) return scepFail('not_pkcs7', 'PKIMessage has no enveloped content');
    parsed ??= readEnvelopedData(sd.content, limits, 'pkcsPKIEnvelope');
    return parsed;
  };
  if (sd.content !== undefined && sd.content.length > 0) {
    info.content = Buffer.from(sd.content);
    try {
      info.envelope = envelopeInfo(envelope());
    } catch {
      // left undefined: decoders that need the envelope report why when they open it
    }
  }
  return { info, signerCert, envelope, limits };
}
