import { DEFAULT_LIMITS } from '@flotilla/codec-core';
import { windowsMdmError } from '../windows-mdm.errors';
import { escapeXmlAttr } from '../xml/xml-escape.codec';
import { parseXmlDocument, type XmlInput } from '../xml/xml.parser';
import { attr, childElements } from '../xml/xml.query';
import type { XmlElement, XmlLimits } from '../xml/xml.types';
import { XML_DECLARATION } from '../xml/xml.writer';
import type { ProvisioningCharacteristic, ProvisioningDoc, ProvisioningParm } from './provisioning-doc.types';

/**
 * Serializes a wap-provisioningdoc in the compact form Windows clients receive
 * (`<parm name=".." value=".." />`, parms before child characteristics).
 */
export function encodeProvisioningDoc(doc: ProvisioningDoc): string {
  return `${XML_DECLARATION}<wap-provisioningdoc version="${escapeXmlAttr(doc.version)}">${doc.characteristics
    .map(characteristicXml)
    .join('')}</wap-provisioningdoc>`;
}

function characteristicXml(c: ProvisioningCharacteristic): string {
  const open = `<characteristic type="${escapeXmlAttr(c.type)}"`;
  if (c.parms.length === 0 && c.characteristics.length === 0) return `${open} />`;
  return `${open}>${c.parms.map(parmXml).join('')}${c.characteristics.map(characteristicXml).join('')}</characteristic>`;
}

function parmXml(p: ProvisioningParm): string {
  let s = `<parm name="${escapeXmlAttr(p.name)}"`;
  if (p.value !== undefined) s += ` value="${escapeXmlAttr(p.value)}"`;
  if (p.datatype !== undefined) s += ` datatype="${escapeXmlAttr(p.datatype)}"`;
  return `${s} />`;
}

/** Decodes a wap-provisioningdoc (e.g. to inspect what an RSTR carried). */
export function decodeProvisioningDoc(input: XmlInput, limits: XmlLimits = DEFAULT_LIMITS): ProvisioningDoc {
  const root = parseXmlDocument(input, limits).elements[0];
  if (!root || root.local !== 'wap-provisioningdoc') {
    throw windowsMdmError('missing_element', 'root element is not wap-provisioningdoc');
  }
  return { version: attr(root, 'version') ?? '', characteristics: childElements(root, 'characteristic').map(readCharacteristic) };
}

function readCharacteristic(el: XmlElement): ProvisioningCharacteristic {
  const type = attr(el, 'type');
  if (type === undefined) throw windowsMdmError('missing_element', 'characteristic@type is missing');
  const parms = childElements(el, 'parm').map((p): ProvisioningParm => {
    const name = attr(p, 'name');
    if (name === undefined) throw windowsMdmError('missing_element', 'parm@name is missing');
    const value = attr(p, 'value');
    const datatype = attr(p, 'datatype');
    return { name, ...(value !== undefined && { value }), ...(datatype !== undefined && { datatype }) };
  });
  return { type, parms, characteristics: childElements(el, 'characteristic').map(readCharacteristic) };
}
