import { scepFail } from './scep.errors';
import type {
  CertificateInput,
  CertRepRequest,
  ContentCipher,
  DigestAlgorithm,
  FailInfo,
  PkiStatus,
  PrivateKeyInput,
  ScepLimits,
} from './scep.types';
import { readCertificate, type ParsedCertificate } from './internal/certificate.reader';
import { defaultRandom, keyPairMatches, readPrivateKey, type RandomSource } from './internal/cms.crypto';
import { resolveLimits } from './internal/der.reader';
import { writeEnvelopedData } from './internal/enveloped-data.codec';
import { checkDate, checkNonce, checkTransactionId } from './internal/input.guard';
import { writeScepAttributes } from './internal/scep-attributes.codec';
import { writeDegenerateSignedData, writeSignedData } from './internal/signed-data.writer';

export interface EncodeCertRepInput {
  status: PkiStatus;
  /** Required for FAILURE, refused otherwise. */
  failInfo?: FailInfo;
  /** Required for SUCCESS: the certificate issued for the request. */
  issuedCert?: CertificateInput;
  /** Further certificates for the degenerate SignedData (intermediates, CA). */
  chain?: CertificateInput[];
  /** The request answered: transactionID, senderNonce (echoed as recipientNonce), signer certificate (encrypted to). */
  request: CertRepRequest;
  caCert: CertificateInput;
  caKey: PrivateKeyInput;
  /** signingTime. */
  now: Date;
  /** Our senderNonce (16 random bytes from node:crypto by default). */
  nonce?: Uint8Array;
  /** Default: the request's digest, else sha256. */
  digestAlgorithm?: DigestAlgorithm;
  /** Default: the request's cipher (single DES answered with 3DES), else aes256. */
  cipher?: ContentCipher;
  random?: RandomSource;
  limits?: Partial<ScepLimits>;
}

/**
 * Server side: a CertRep PKIMessage signed by the CA. SUCCESS carries a degenerate certs-only
 * SignedData encrypted to the requester's signer certificate; FAILURE and PENDING carry no content.
 */
export function encodeCertRep(input: EncodeCertRepInput): Buffer {
  const limits = resolveLimits(input.limits);
  const random = input.random ?? defaultRandom;
  const caCert = readCertificate(input.caCert, 'invalid_input', limits, 'caCert');
  const caKey = readPrivateKey(input.caKey, 'invalid_input', 'caKey');
  if (!keyPairMatches(caKey, caCert.publicKey)) scepFail('invalid_input', 'caKey is not the key of caCert');
  const { request, status } = input;
  if (status === 'FAILURE' && input.failInfo === undefined) scepFail('invalid_input', 'a FAILURE CertRep needs failInfo');
  if (status !== 'FAILURE' && input.failInfo !== undefined) scepFail('invalid_input', `failInfo on a ${status} CertRep`);
  if (status !== 'SUCCESS' && input.issuedCert !== undefined) scepFail('invalid_input', `issuedCert on a ${status} CertRep`);

  let content: Buffer | undefined;
  if (status === 'SUCCESS') {
    if (input.issuedCert === undefined) scepFail('invalid_input', 'a SUCCESS CertRep needs issuedCert');
    const certs: ParsedCertificate[] = [input.issuedCert, ...(input.chain ?? [])].map((c) =>
      readCertificate(c, 'invalid_input', limits, 'issued certificate'),
    );
    const recipient = readCertificate(request.signer.certificate, 'invalid_input', limits, 'request signer certificate');
    const cipher = input.cipher ?? (request.contentCipher === 'des' ? 'des3' : request.contentCipher) ?? 'aes256';
    const degenerate = writeDegenerateSignedData(certs.map((c) => c.der));
    content = writeEnvelopedData(degenerate, recipient, cipher, random);
  }

  const attributes = writeScepAttributes({
    messageType: 'CertRep',
    transactionId: checkTransactionId(request.transactionId, 'request.transactionId', true),
    senderNonce: checkNonce(input.nonce ?? random(16), 'nonce'),
    recipientNonce: checkNonce(request.senderNonce, 'request.senderNonce', 1),
    pkiStatus: status,
    ...(input.failInfo ? { failInfo: input.failInfo } : {}),
  });
  return writeSignedData({
    ...(content ? { content } : {}),
    signerCert: caCert,
    signerKey: caKey,
    digestAlgorithm: input.digestAlgorithm ?? request.digestAlgorithm ?? 'sha256',
    attributes,
    signingTime: checkDate(input.now, 'now'),
    certificates: [caCert.der],
  });
}
