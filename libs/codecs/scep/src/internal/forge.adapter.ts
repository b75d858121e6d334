import forge from 'node-forge';

/*
 * The only place this codec touches node-forge, with Buffers in and out (forge works on binary
 * strings). Forge supplies the ASN.1 value conversions (OIDs, times) and single-DES, which
 * OpenSSL 3 — and so node:crypto — only offers through its legacy provider.
 */

/** OBJECT IDENTIFIER content octets → dotted string. */
export function derToOid(content: Buffer): string {
  return forge.asn1.derToOid(content.toString('latin1'));
}

/** Dotted string → OBJECT IDENTIFIER content octets. */
export function oidToDer(oid: string): Buffer {
  if (!/^[0-2]\.(0|[1-9]\d*)(\.(0|[1-9]\d*))+$/.test(oid)) throw new RangeError(`not an OID: ${oid}`);
  return Buffer.from(forge.asn1.oidToDer(oid).getBytes(), 'latin1');
}

/** UTCTime / GeneralizedTime content → Date, or undefined when it is not a valid time. */
export function derTimeToDate(text: string, utc: boolean): Date | undefined {
  const pattern = utc ? /^\d{10}(\d{2})?(Z|[+-]\d{4})$/ : /^\d{12}(\d{2})?(\.\d+)?(Z|[+-]\d{4})?$/;
  if (!pattern.test(text)) return undefined;
  try {
    const date = utc ? forge.asn1.utcTimeToDate(text) : forge.asn1.generalizedTimeToDate(text);
    return Number.isNaN(date.getTime()) ? undefined : date;
  } catch {
    return undefined;
  }
}

/** Date → UTCTime content (YYMMDDHHMMSSZ), for 1950–2049 as RFC 5280/2985 require. */
export function dateToUtcTime(date: Date): string {
  return forge.asn1.dateToUtcTime(date);
}

/** Date → GeneralizedTime content (YYYYMMDDHHMMSSZ). */
export function dateToGeneralizedTime(date: Date): string {
  return forge.asn1.dateToGeneralizedTime(date);
}

/** Single-DES-CBC decryption with PKCS#7 padding; undefined when the padding is wrong. */
export function desCbcDecrypt(key: Buffer, iv: Buffer, data: Buffer): Buffer | undefined {
  const decipher = forge.cipher.createDecipher('DES-CBC', key.toString('latin1'));
  decipher.start({ iv: iv.toString('latin1') });
  decipher.update(forge.util.createBuffer(data.toString('latin1')));
  if (!decipher.finish()) return undefined;
  return Buffer.from(decipher.output.getBytes(), 'latin1');
}
