import { DEFAULT_LIMITS } from '@flotilla/codec-core';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { windowsMdmError } from '../windows-mdm.errors';
import { decodeXmlReferences } from './xml-escape.codec';
import type { XmlAttribute, XmlElement, XmlLimits, XmlNode } from './xml.types';

/** What every decoder of this codec accepts as input. */
export type XmlInput = string | Uint8Array;

/** The parsed document plus the text it was parsed from. */
export interface ParsedXml {
  readonly elements: readonly XmlElement[];
  /** The input as a string (decoded from UTF-8 when bytes were given), unmodified. */
  readonly text: string;
}

const ATTRS = ':@';
const TEXT = '#text';
const CDATA = '#cdata';
const COMMENT = '#comment';
const XML_NS = 'http://www.w3.org/XML/1998/namespace';

type RawNode = Record<string, unknown>;
type Scope = ReadonlyMap<string, string>;

/**
 * Parses one XML document (exactly one root element), safely: size and depth bounded, any DTD
 * refused, no entity expansion, CRLF normalised. Leading whitespace before the prolog is tolerated
 * (Windows MDM captures carry it).
 */
export function parseXmlDocument(input: XmlInput, limits: XmlLimits = DEFAULT_LIMITS): ParsedXml {
  const parsed = parseXml(input, limits, false);
  if (parsed.elements.length !== 1) {
    throw windowsMdmError('malformed_xml', `expected one root element, found ${parsed.elements.length}`);
  }
  return parsed;
}

/** Parses a sequence of sibling elements (e.g. stored SyncML command fragments). */
export function parseXmlFragment(input: XmlInput, limits: XmlLimits = DEFAULT_LIMITS): ParsedXml {
  return parseXml(input, limits, true);
}

/** Wraps fragments so the validator sees one root; fragments cannot close it (tags must balance). */
const FRAGMENT_ROOT = 'fragment-root';

function parseXml(input: XmlInput, limits: XmlLimits, fragment: boolean): ParsedXml {
  const text = inputToString(input, limits);
  const body = text.replace(/^\uFEFF/, '').replace(/^\s+/, '');
  if (/<!DOCTYPE|<!ENTITY/i.test(body)) {
    throw windowsMdmError('forbidden_dtd', 'DOCTYPE and entity declarations are not accepted');
  }
  // eslint-disable-next-line no-control-regex -- XML 1.0 forbids these characters outright.
  if (/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/.test(body)) {
    throw windowsMdmError('malformed_xml', 'input contains characters XML does not allow');
  }
  // XML 1.0 §2.11: every CRLF / lone CR is read as LF.
  const lines = body.replace(/\r\n?/g, '\n');
  const normalised = fragment ? `<${FRAGMENT_ROOT}>${lines}</${FRAGMENT_ROOT}>` : lines;
  let raw: unknown;
  try {
    raw = new XMLParser({
      preserveOrder: true,
      ignoreAttributes: false,
      attributeNamePrefix: '',
      parseTagValue: false,
      parseAttributeValue: false,
      trimValues: false,
      processEntities: false,
      htmlEntities: false,
      cdataPropName: CDATA,
      commentPropName: COMMENT,
      maxNestedTags: limits.maxDepth + (fragment ? 1 : 0),
    }).parse(normalised);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (/nested/i.test(message)) throw windowsMdmError('too_deep', `nesting deeper than ${limits.maxDepth}`, err);
    throw windowsMdmError('malformed_xml', message, err);
  }
  // The parser is lenient (it accepts truncated input), so well-formedness is checked separately;
  // parsing first lets its depth limit stop pathological nesting before the full validation pass.
  const valid = XMLValidator.validate(normalised, { allowBooleanAttributes: false });
  if (valid !== true) {
    throw windowsMdmError('malformed_xml', `${valid.err.msg} (line ${valid.err.line}, col ${valid.err.col})`);
  }
  const top = toNodes(asArray(raw), new Map([['xml', XML_NS]]), fragment ? -1 : 0, limits);
  const nodes = fragment ? top.flatMap((n) => (n.kind === 'element' ? n.children : [])) : top;
  const elements = nodes.filter((n): n is XmlElement => n.kind === 'element');
  if (elements.length === 0) throw windowsMdmError('malformed_xml', 'no root element');
  return { elements, text };
}

function inputToString(input: XmlInput, limits: XmlLimits): string {
  if (typeof input === 'string') {
    if (input.length > limits.maxBytes || Buffer.byteLength(input, 'utf8') > limits.maxBytes) {
      throw windowsMdmError('too_large', `input exceeds ${limits.maxBytes} bytes`);
    }
    return input;
  }
  if (input.byteLength > limits.maxBytes) throw windowsMdmError('too_large', `input exceeds ${limits.maxBytes} bytes`);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(input);
  } catch (err) {
    throw windowsMdmError('malformed_xml', 'input is not valid UTF-8', err);
  }
}

function toNodes(raw: readonly unknown[], scope: Scope, depth: number, limits: XmlLimits): XmlNode[] {
  const out: XmlNode[] = [];
  for (const item of raw) {
    if (!isRecord(item)) continue;
    const name = Object.keys(item).find((k) => k !== ATTRS);
    if (name === undefined || name === COMMENT || name.startsWith('?')) continue;
    if (name === TEXT) {
      out.push({ kind: 'text', value: decodeXmlReferences(String(item[TEXT])), cdata: false });
    } else if (name === CDATA) {
      const inner = asArray(item[CDATA]).map((n) => (isRecord(n) ? String(n[TEXT] ?? '') : '')).join('');
      out.push({ kind: 'text', value: inner, cdata: true });
    } else {
      out.push(toElement(name, item, scope, depth + 1, limits));
    }
  }
  return out;
}

function toElement(name: string, item: RawNode, parentScope: Scope, depth: number, limits: XmlLimits): XmlElement {
  if (depth > limits.maxDepth) throw windowsMdmError('too_deep', `nesting deeper than ${limits.maxDepth}`);
  const rawAttrs = isRecord(item[ATTRS]) ? item[ATTRS] : {};
  const declared = new Map(parentScope);
  const plain: Array<[string, string]> = [];
  for (const [attrName, attrValue] of Object.entries(rawAttrs)) {
    const value = decodeXmlReferences(String(attrValue));
    if (attrName === 'xmlns') declared.set('', value);
    else if (attrName.startsWith('xmlns:')) declared.set(attrName.slice(6), value);
    plain.push([attrName, value]);
  }
  const attrs: XmlAttribute[] = plain.map(([attrName, value]) => {
    const { prefix, local } = splitName(attrName);
    const ns = prefix === undefined ? undefined : declared.get(prefix);
    return { name: attrName, local, ns, value };
  });
  const { prefix, local } = splitName(name);
  const ns = declared.get(prefix ?? '') || undefined;
  const children = toNodes(asArray(item[name]), declared, depth, limits);
  return { kind: 'element', name, local, ns, attrs, children };
}

function splitName(name: string): { prefix: string | undefined; local: string } {
  const i = name.indexOf(':');
  return i < 0 ? { prefix: undefined, local: name } : { prefix: name.slice(0, i), local: name.slice(i + 1) };
}

function asArray(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

function isRecord(value: unknown): value is RawNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
