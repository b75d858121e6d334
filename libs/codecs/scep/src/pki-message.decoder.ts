import { decodeCsr } from './csr.decoder';
import { ScepError, scepFail } from './scep.errors';
import type { CertificateInput, DecodedPkiMessage, PkiMessageContext, PrivateKeyInput, ScepLimits } from './scep.types';
import { isIssuedBy, readCertificate } from './internal/certificate.reader';
import { defaultRandom, keyPairMatches, readPrivateKey, type RandomSource } from './internal/cms.crypto';
import { readDer, resolveLimits } from './internal/der.reader';
import { DerValues } from './internal/der-values.reader';
import { envelopeCipher, openEnvelope } from './internal/enveloped-data.codec';
import { readName } from './internal/name.reader';
import { readPkiMessage } from './pki-message.reader';

export interface DecodePkiMessageOptions {
  /** The CA (or RA) certificate requests are encrypted to. */
  caCert: CertificateInput;
  /** Its private key. */
  caKey: PrivateKeyInput;
  limits?: Partial<ScepLimits>;
  /** Randomness for implicit rejection of bad key-transport padding (node:crypto by default). */
  random?: RandomSource;
}

const v = new DerValues('not_pkcs7');

/**
 * Server side: verifies a PKIMessage with the signer certificate it carries, reads its attributes,
 * opens the envelope with the CA key and decodes the request in it. A failure after the signature
 * verified throws a ScepError whose `context` is enough to answer with a FAILURE CertRep.
 */
export function decodePkiMessage(der: Uint8Array, options: DecodePkiMessageOptions): DecodedPkiMessage {
  const limits = resolveLimits(options.limits);
  const caCert = readCertificate(options.caCert, 'invalid_input', limits, 'caCert');
  const caKey = readPrivateKey(options.caKey, 'invalid_input', 'caKey');
  if (!keyPairMatches(caKey, caCert.publicKey)) scepFail('invalid_input', 'caKey is not the key of caCert');
  const read = readPkiMessage(der, { limits });
  const { info } = read;

  if (info.messageType === 'CertRep') {
    if (info.pkiStatus === undefined) scepFail('missing_attribute', 'CertRep without pkiStatus');
    return { ...info, messageType: 'CertRep', pkiStatus: info.pkiStatus };
  }
  if (info.senderNonce === undefined) scepFail('missing_attribute', `${info.messageType} without senderNonce`);
  const context: PkiMessageContext = {
    messageType: info.messageType,
    transactionId: info.transactionId,
    senderNonce: info.senderNonce,
    signer: { certificate: info.signer.certificate },
    digestAlgorithm: info.digestAlgorithm,
  };
  try {
    const envelope = read.envelope();
    const contentCipher = envelopeCipher(envelope);
    context.contentCipher = contentCipher;
    const plain = openEnvelope(envelope, caCert, caKey, options.random ?? defaultRandom);
    const base = {
      ...info,
      senderNonce: info.senderNonce,
      contentCipher,
      signerIssuedByCa: isIssuedBy(read.signerCert, caCert),
    };
    switch (info.messageType) {
      case 'PKCSReq':
      case 'RenewalReq':
        return { ...base, messageType: info.messageType, csr: decodeCsr(plain, { limits: read.limits }) };
      case 'GetCertInitial': {
        const [issuer, subject] = v.sequence(readDer(plain, read.limits, 'IssuerAndSubject'), 'IssuerAndSubject', 2);
        return { ...base, messageType: info.messageType, issuer: readName(issuer, v, 'issuer'), subject: readName(subject, v, 'subject') };
      }
      case 'GetCert':
      case 'GetCRL': {
        const [issuer, serial] = v.sequence(readDer(plain, read.limits, 'IssuerAndSerialNumber'), 'IssuerAndSerialNumber', 2);
        return {
          ...base,
          messageType: info.messageType,
          issuer: readName(issuer, v, 'issuer'),
          serialNumber: v.integerBytes(serial, 'serialNumber').toString('hex'),
        };
      }
    }
  } catch (err) {
    if (err instanceof ScepError && err.context === undefined) {
      throw new ScepError(err.code, err.message.replace(/^scep: /, ''), { cause: err, context });
    }
    throw err;
  }
}
