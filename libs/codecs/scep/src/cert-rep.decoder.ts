import { scepFail } from './scep.errors';
import type { CertificateInput, DecodedCertRep, PrivateKeyInput, ScepLimits } from './scep.types';
import { readCertificate } from './internal/certificate.reader';
import { defaultRandom, keyPairMatches, readPrivateKey, type RandomSource } from './internal/cms.crypto';
import { resolveLimits } from './internal/der.reader';
import { openEnvelope } from './internal/enveloped-data.codec';
import { readSignedData } from './internal/signed-data.reader';
import { readPkiMessage } from './pki-message.reader';

export interface DecodeCertRepOptions {
  /** The key and certificate that signed our request; the reply is encrypted to them. */
  signerKey: PrivateKeyInput;
  signerCert: CertificateInput;
  /**
   * The CA/RA certificates from GetCACert. They verify replies that carry no certificate (NDES), and
   * when given the reply must be signed by one of them or by a certificate one of them issued.
   */
  caCerts?: CertificateInput[];
  /** What the reply must echo: our transactionID and our senderNonce (as recipientNonce). */
  expected?: { transactionId?: string; senderNonce?: Uint8Array };
  limits?: Partial<ScepLimits>;
  random?: RandomSource;
}

/**
 * Client side: verifies a CertRep, reads pkiStatus/failInfo, and on SUCCESS opens the envelope with
 * our signer key and returns the certificates of the degenerate SignedData inside.
 */
export function decodeCertRep(der: Uint8Array, options: DecodeCertRepOptions): DecodedCertRep {
  const limits = resolveLimits(options.limits);
  const signerCert = readCertificate(options.signerCert, 'invalid_input', limits, 'signerCert');
  const signerKey = readPrivateKey(options.signerKey, 'invalid_input', 'signerKey');
  if (!keyPairMatches(signerKey, signerCert.publicKey)) scepFail('invalid_input', 'signerKey is not the key of signerCert');
  const read = readPkiMessage(der, {
    limits,
    ...(options.caCerts ? { signerCertificates: options.caCerts, trustedSigners: options.caCerts } : {}),
  });
  const { info } = read;
  if (info.messageType !== 'CertRep') scepFail('unexpected_message_type', `expected a CertRep, got ${info.messageType}`);
  if (info.pkiStatus === undefined) scepFail('missing_attribute', 'CertRep without pkiStatus');
  if (info.recipientNonce === undefined) scepFail('missing_attribute', 'CertRep without recipientNonce');
  const { expected } = options;
  if (expected?.transactionId !== undefined && expected.transactionId !== info.transactionId) {
    scepFail('transaction_mismatch', `CertRep transactionID ${info.transactionId} is not ${expected.transactionId}`);
  }
  if (expected?.senderNonce !== undefined && !Buffer.from(expected.senderNonce).equals(info.recipientNonce)) {
    scepFail('nonce_mismatch', 'CertRep recipientNonce does not echo our senderNonce');
  }
  const base = { ...info, messageType: 'CertRep' as const, recipientNonce: info.recipientNonce };
  switch (info.pkiStatus) {
    case 'FAILURE':
      return { ...base, pkiStatus: 'FAILURE', failInfo: info.failInfo };
    case 'PENDING':
      return { ...base, pkiStatus: 'PENDING' };
    case 'SUCCESS': {
      if (info.content === undefined) scepFail('no_certificate', 'SUCCESS CertRep without content');
      const plain = openEnvelope(read.envelope(), signerCert, signerKey, options.random ?? defaultRandom);
      const inner = readSignedData(plain, limits, 'CertRep certificates');
      const certificates = inner.certificates.map((c) => Buffer.from(c.der));
      const issued = inner.certificates.find((c) => !c.x509.ca) ?? inner.certificates[0];
      if (issued === undefined) scepFail('no_certificate', 'SUCCESS CertRep carries no certificate');
      return { ...base, pkiStatus: 'SUCCESS', certificates, issuedCertificate: Buffer.from(issued.der) };
    }
  }
}
