import type { DecryptableCipher, DigestAlgorithm, FailInfo, PkiStatus, ScepMessageType } from '../scep.types';

export const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  envelopedData: '1.2.840.113549.1.7.3',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  challengePassword: '1.2.840.113549.1.9.7',
  extensionRequest: '1.2.840.113549.1.9.14',
  rsaEncryption: '1.2.840.113549.1.1.1',
  rsaesOaep: '1.2.840.113549.1.1.7',
  mgf1: '1.2.840.113549.1.1.8',
  pSpecified: '1.2.840.113549.1.1.9',
  ecPublicKey: '1.2.840.10045.2.1',
  subjectKeyIdentifier: '2.5.29.14',
  // SCEP (VeriSign arc 2.16.840.1.113733.1.9.x, RFC 8894 §3.2.1)
  scepMessageType: '2.16.840.1.113733.1.9.2',
  scepPkiStatus: '2.16.840.1.113733.1.9.3',
  scepFailInfo: '2.16.840.1.113733.1.9.4',
  scepSenderNonce: '2.16.840.1.113733.1.9.5',
  scepRecipientNonce: '2.16.840.1.113733.1.9.6',
  scepTransactionId: '2.16.840.1.113733.1.9.7',
} as const;

export const DIGEST_OIDS: Readonly<Record<DigestAlgorithm, string>> = {
  sha1: '1.3.14.3.2.26',
  sha256: '2.16.840.1.101.3.4.2.1',
  sha384: '2.16.840.1.101.3.4.2.2',
  sha512: '2.16.840.1.101.3.4.2.3',
};

/** Signature algorithm OIDs → digest and key family. rsaEncryption alone means "PKCS#1 v1.5 with the digestAlgorithm". */
export const SIGNATURE_OIDS: Readonly<Record<string, { name: string; digest: DigestAlgorithm | undefined; key: 'rsa' | 'ec' }>> = {
  '1.2.840.113549.1.1.1': { name: 'rsaEncryption', digest: undefined, key: 'rsa' },
  '1.2.840.113549.1.1.5': { name: 'sha1WithRSAEncryption', digest: 'sha1', key: 'rsa' },
  '1.3.14.3.2.29': { name: 'sha1WithRSASignature', digest: 'sha1', key: 'rsa' }, // OIW form Windows sends
  '1.2.840.113549.1.1.11': { name: 'sha256WithRSAEncryption', digest: 'sha256', key: 'rsa' },
  '1.2.840.113549.1.1.12': { name: 'sha384WithRSAEncryption', digest: 'sha384', key: 'rsa' },
  '1.2.840.113549.1.1.13': { name: 'sha512WithRSAEncryption', digest: 'sha512', key: 'rsa' },
  '1.2.840.10045.4.1': { name: 'ecdsa-with-SHA1', digest: 'sha1', key: 'ec' },
  '1.2.840.10045.4.3.2': { name: 'ecdsa-with-SHA256', digest: 'sha256', key: 'ec' },
  '1.2.840.10045.4.3.3': { name: 'ecdsa-with-SHA384', digest: 'sha384', key: 'ec' },
  '1.2.840.10045.4.3.4': { name: 'ecdsa-with-SHA512', digest: 'sha512', key: 'ec' },
};

export const ECDSA_OIDS: Readonly<Record<DigestAlgorithm, string>> = {
  sha1: '1.2.840.10045.4.1',
  sha256: '1.2.840.10045.4.3.2',
  sha384: '1.2.840.10045.4.3.3',
  sha512: '1.2.840.10045.4.3.4',
};

export interface CipherSpec {
  oid: string;
  /** OpenSSL name for node:crypto; undefined for single DES, which OpenSSL 3 only has in its legacy provider. */
  nodeName: string | undefined;
  keyLength: number;
  ivLength: number;
}

export const CIPHERS: Readonly<Record<DecryptableCipher, CipherSpec>> = {
  aes128: { oid: '2.16.840.1.101.3.4.1.2', nodeName: 'aes-128-cbc', keyLength: 16, ivLength: 16 },
  aes192: { oid: '2.16.840.1.101.3.4.1.22', nodeName: 'aes-192-cbc', keyLength: 24, ivLength: 16 },
  aes256: { oid: '2.16.840.1.101.3.4.1.42', nodeName: 'aes-256-cbc', keyLength: 32, ivLength: 16 },
  des3: { oid: '1.2.840.113549.3.7', nodeName: 'des-ede3-cbc', keyLength: 24, ivLength: 8 },
  des: { oid: '1.3.14.3.2.7', nodeName: undefined, keyLength: 8, ivLength: 8 },
};

export const MESSAGE_TYPE_CODES: Readonly<Record<ScepMessageType, number>> = {
  CertRep: 3,
  RenewalReq: 17,
  PKCSReq: 19,
  GetCertInitial: 20,
  GetCert: 21,
  GetCRL: 22,
};

export const PKI_STATUS_CODES: Readonly<Record<PkiStatus, number>> = { SUCCESS: 0, FAILURE: 2, PENDING: 3 };

export const FAIL_INFO_CODES: Readonly<Record<FailInfo, number>> = {
  badAlg: 0,
  badMessageCheck: 1,
  badRequest: 2,
  badTime: 3,
  badCertId: 4,
};

/** Reverse lookup of one of the tables above. */
export function keyForCode<K extends string>(table: Readonly<Record<K, number>>, code: number): K | undefined {
  for (const [key, value] of Object.entries(table) as Array<[K, number]>) {
    if (value === code) return key;
  }
  return undefined;
}

/** Reverse lookup of a name → OID table. */
export function keyForOid<K extends string>(table: Readonly<Record<K, string | { oid: string }>>, oid: string): K | undefined {
  for (const [key, value] of Object.entries(table) as Array<[K, string | { oid: string }]>) {
    if ((typeof value === 'string' ? value : value.oid) === oid) return key;
  }
  return undefined;
}

export const NAME_SHORT_NAMES: Readonly<Record<string, string>> = {
  '2.5.4.3': 'CN',
  '2.5.4.4': 'SN',
  '2.5.4.5': 'serialNumber',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.9': 'street',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.12': 'title',
  '2.5.4.42': 'GN',
  '1.2.840.113549.1.9.1': 'emailAddress',
  '0.9.2342.19200300.100.1.1': 'UID',
  '0.9.2342.19200300.100.1.25': 'DC',
};
