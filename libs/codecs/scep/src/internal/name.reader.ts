import type { DistinguishedName, NameAttribute } from '../scep.types';
import type { DerNode } from './der.reader';
import type { DerValues } from './der-values.reader';
import { NAME_SHORT_NAMES } from './oids.constants';

/** Reads an X.501 Name (SEQUENCE OF RelativeDistinguishedName). */
export function readName(node: DerNode | undefined, v: DerValues, what: string): DistinguishedName {
  const rdns = v.sequence(node, what);
  const attributes: NameAttribute[] = [];
  const parts: string[] = [];
  for (const rdn of rdns) {
    const atvs = v.set(rdn, `${what} RDN`);
    if (atvs.length === 0) v.fail(`${what}: empty RDN`);
    const rdnParts: string[] = [];
    for (const atv of atvs) {
      const [type, value] = v.sequence(atv, `${what} attribute`, 2);
      const oid = v.oid(type, `${what} attribute type`);
      const shortName = NAME_SHORT_NAMES[oid];
      const text = value !== undefined && isStringTag(value) ? v.string(value, `${what} value`) : `#${value?.raw.toString('hex') ?? ''}`;
      attributes.push(shortName === undefined ? { oid, value: text } : { oid, shortName, value: text });
      rdnParts.push(`${shortName ?? oid}=${escapeValue(text)}`);
    }
    parts.push(rdnParts.join(' + '));
  }
  return { der: node?.raw ?? Buffer.alloc(0), attributes, text: parts.join(', ') };
}

function isStringTag(node: DerNode): boolean {
  return node.tagClass === 0 && !node.constructed && [12, 19, 20, 22, 30].includes(node.tag);
}

function escapeValue(text: string): string {
  return text.replace(/([,+"\\<>;])/g, '\\$1');
}
