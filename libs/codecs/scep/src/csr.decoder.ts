import { createPublicKey, type KeyObject } from 'node:crypto';
import { scepFail } from './scep.errors';
import type { DecodedCsr, ScepLimits } from './scep.types';
import { pemOrDer, toPem } from './internal/certificate.reader';
import { verifySignature } from './internal/cms.crypto';
import { readDer, resolveLimits, type DerNode } from './internal/der.reader';
import { DerValues } from './internal/der-values.reader';
import { readName } from './internal/name.reader';
import { OID, SIGNATURE_OIDS } from './internal/oids.constants';

const v = new DerValues('invalid_csr');

/**
 * Parses a PKCS#10 CertificationRequest (DER or PEM) and verifies its self-signature
 * (`bad_csr_signature` when it does not verify). Tolerates Apple's version 2.
 */
export function decodeCsr(input: Uint8Array | string, options: { limits?: Partial<ScepLimits> } = {}): DecodedCsr {
  const bytes = pemOrDer(input, '(?:NEW )?CERTIFICATE REQUEST', 'invalid_csr');
  const root = readDer(bytes, resolveLimits(options.limits), 'CSR');
  const [infoNode, algNode, sigNode] = v.sequence(root, 'CertificationRequest', 3);
  const info = v.sequence(infoNode, 'CertificationRequestInfo', 3);
  const version = v.smallInteger(info[0], 'CSR version');
  const subject = readName(info[1], v, 'CSR subject');
  const spkiNode = v.universal(info[2], 16, 'CSR subjectPublicKeyInfo');
  const publicKey = readPublicKey(spkiNode);
  const attributes = info[3] === undefined ? [] : readAttributes(info[3]);

  const signatureOid = v.algorithm(algNode, 'CSR signatureAlgorithm').oid;
  const signature = v.bitStringBytes(sigNode, 'CSR signature');
  if (!verifySignature(signatureOid, undefined, (infoNode as DerNode).raw, publicKey.key, signature)) {
    scepFail('bad_csr_signature', 'the CSR self-signature does not verify');
  }

  const csr: DecodedCsr = {
    der: Buffer.from(root.raw),
    pem: toPem(root.raw, 'CERTIFICATE REQUEST'),
    version,
    subject,
    publicKey: publicKey.summary,
    signatureAlgorithm: SIGNATURE_OIDS[signatureOid]?.name ?? signatureOid,
    attributes: attributes.map((a) => ({ oid: a.oid, values: a.values.map((n) => Buffer.from(n.raw)) })),
  };
  const challenge = attributes.find((a) => a.oid === OID.challengePassword);
  if (challenge) {
    if (challenge.values.length !== 1) v.fail('challengePassword must have one value');
    csr.challengePassword = v.string(challenge.values[0], 'challengePassword');
  }
  const extensions = attributes.find((a) => a.oid === OID.extensionRequest)?.values[0];
  if (extensions) csr.extensionRequest = Buffer.from(extensions.raw);
  return csr;
}

function readAttributes(node: DerNode): Array<{ oid: string; values: readonly DerNode[] }> {
  if (!v.isContext(node, 0)) v.fail('CSR attributes: expected [0]');
  const seen = new Set<string>();
  return node.children.map((attr) => {
    const [type, values] = v.sequence(attr, 'CSR attribute', 2);
    const oid = v.oid(type, 'CSR attribute type');
    if (seen.has(oid)) v.fail(`CSR attribute ${oid} occurs twice`);
    seen.add(oid);
    return { oid, values: v.set(values, 'CSR attribute values') };
  });
}

function readPublicKey(spki: DerNode): { key: KeyObject; summary: DecodedCsr['publicKey'] } {
  let key: KeyObject;
  try {
    key = createPublicKey({ key: spki.raw, format: 'der', type: 'spki' });
  } catch (err) {
    return scepFail('invalid_csr', 'the CSR public key cannot be read', err);
  }
  const details = key.asymmetricKeyDetails;
  const summary: DecodedCsr['publicKey'] = { algorithm: key.asymmetricKeyType ?? 'unknown', spki: Buffer.from(spki.raw) };
  if (details?.modulusLength !== undefined) summary.bits = details.modulusLength;
  if (details?.namedCurve !== undefined) summary.curve = details.namedCurve;
  return { key, summary };
}
