import { DOMParser } from '@xmldom/xmldom';
import { AppleMdmError } from '../apple-mdm.errors';
import type { PlistDict, PlistLimits, PlistValue } from './plist.types';

// DOM node types (the DOM's own numbers).
const ELEMENT_NODE = 1;
const TEXT_NODE = 3;
const CDATA_SECTION_NODE = 4;
const PROCESSING_INSTRUCTION_NODE = 7;
const COMMENT_NODE = 8;

/** The subset of the DOM `Node` the walker reads (xmldom's nodes satisfy it). */
interface XmlNode {
  nodeType: number;
  nodeName: string;
  nodeValue: string | null;
  childNodes: ArrayLike<XmlNode>;
}

const ENTITY_DECLARATION = /<!ENTITY/i;
const INTERNAL_SUBSET = /<!DOCTYPE[^>[]*\[/i;
const INTEGER = /^[+-]?\d+$/;
const REAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const PLIST_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/**
 * Strict XML plist reader: rejects DTD internal subsets and entity declarations (no expansion,
 * no external entities), checks element depth on the raw text before building a DOM, and then
 * walks the DOM with value-count, depth and data-size limits. Duplicate keys and `__proto__` are
 * rejected so that no two parsers can disagree on what a message says.
 */
export function decodeXmlPlist(text: string, limits: PlistLimits): PlistValue {
  if (ENTITY_DECLARATION.test(text) || INTERNAL_SUBSET.test(text)) {
    throw new AppleMdmError('entity_not_allowed', 'DTD internal subsets and entity declarations are not accepted');
  }
  checkElementDepth(text, limits.maxDepth);
  let doc: { documentElement: XmlNode | null };
  try {
    doc = new DOMParser({
      onError: (level: string, message: string) => {
        throw new Error(`${level}: ${message}`);
      },
    }).parseFromString(text, 'text/xml') as unknown as { documentElement: XmlNode | null };
  } catch (err) {
    throw new AppleMdmError('malformed_plist', `not well-formed XML (${errorText(err)})`, { cause: err });
  }
  const root = doc.documentElement;
  if (!root || root.nodeName !== 'plist') {
    throw new AppleMdmError('malformed_plist', 'the root element is not <plist>');
  }
  const children = elementChildren(root);
  if (children.length !== 1 || !children[0]) {
    throw new AppleMdmError('malformed_plist', `<plist> must hold exactly one value, found ${children.length}`);
  }
  return new XmlPlistWalker(limits).value(children[0], 1);
}

/**
 * Element depth from the raw text, so a deeply nested body is refused before any DOM is built.
 * A single forward pass (no regular expressions that could backtrack); quoted attribute values
 * are skipped whole so a '>' or '/>' inside one cannot hide an element. Anything unterminated
 * stops the scan and is left for the XML parser to reject.
 */
function checkElementDepth(text: string, maxDepth: number): void {
  // <plist> and a scalar element sit around maxDepth containers.
  const maxElements = maxDepth + 2;
  let depth = 0;
  for (let i = text.indexOf('<'); i !== -1; i = text.indexOf('<', i)) {
    const skipTo = markupEnd(text, i);
    if (skipTo !== undefined) {
      if (skipTo === -1) return;
      i = skipTo;
      continue;
    }
    let j = i + 1;
    let quote = '';
    for (; j < text.length; j++) {
      const c = text[j];
      if (quote) {
        if (c === quote) quote = '';
      } else if (c === '"' || c === "'") quote = c;
      else if (c === '>') break;
    }
    if (j >= text.length) return;
    if (text[i + 1] === '/') depth -= 1;
    else if (text[j - 1] !== '/' && ++depth > maxElements) {
      throw new AppleMdmError('too_deep', `nesting deeper than ${maxDepth}`);
    }
    i = j + 1;
  }
}

/** For a comment, CDATA, PI or declaration at `i`: the index after it (-1 if unterminated); else undefined. */
function markupEnd(text: string, i: number): number | undefined {
  const close = (marker: string, from: number): number => {
    const at = text.indexOf(marker, from);
    return at === -1 ? -1 : at + marker.length;
  };
  if (text.startsWith('<!--', i)) return close('-->', i + 4);
  if (text.startsWith('<![CDATA[', i)) return close(']]>', i + 9);
  if (text[i + 1] === '?' || text[i + 1] === '!') return close('>', i + 2);
  return undefined;
}

function elementChildren(node: XmlNode): XmlNode[] {
  const out: XmlNode[] = [];
  for (let i = 0; i < node.childNodes.length; i++) {
    const child = node.childNodes[i];
    if (!child) continue;
    if (child.nodeType === ELEMENT_NODE) out.push(child);
    else if (child.nodeType === COMMENT_NODE || child.nodeType === PROCESSING_INSTRUCTION_NODE) continue;
    else if ((child.nodeValue ?? '').trim() !== '') {
      throw new AppleMdmError('malformed_plist', `unexpected text inside <${node.nodeName}>`);
    }
  }
  return out;
}

function textOf(node: XmlNode): string {
  let out = '';
  for (let i = 0; i < node.childNodes.length; i++) {
    const child = node.childNodes[i];
    if (!child || child.nodeType === COMMENT_NODE) continue;
    if (child.nodeType !== TEXT_NODE && child.nodeType !== CDATA_SECTION_NODE) {
      throw new AppleMdmError('malformed_plist', `<${node.nodeName}> may hold text only`);
    }
    out += child.nodeValue ?? '';
  }
  return out;
}

function errorText(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? '';
}

class XmlPlistWalker {
  private count = 0;

  constructor(private readonly limits: PlistLimits) {}

  value(node: XmlNode, depth: number): PlistValue {
    if (++this.count > this.limits.maxValues) {
      throw new AppleMdmError('too_large', `more than ${this.limits.maxValues} values`);
    }
    switch (node.nodeName) {
      case 'dict':
        return this.dict(node, depth);
      case 'array':
        return this.array(node, depth);
      case 'string':
        return textOf(node);
      case 'integer':
        return integer(textOf(node).trim());
      case 'real':
        return real(textOf(node).trim());
      case 'true':
      case 'false':
        if (textOf(node).trim() !== '') throw new AppleMdmError('malformed_plist', `<${node.nodeName}> must be empty`);
        return node.nodeName === 'true';
      case 'date':
        return date(textOf(node).trim());
      case 'data':
        return this.data(textOf(node));
      default:
        throw new AppleMdmError('malformed_plist', `unknown plist element <${node.nodeName}>`);
    }
  }

  private enter(depth: number): void {
    if (depth > this.limits.maxDepth) {
      throw new AppleMdmError('too_deep', `nesting deeper than ${this.limits.maxDepth}`);
    }
  }

  private dict(node: XmlNode, depth: number): PlistDict {
    this.enter(depth);
    const children = elementChildren(node);
    if (children.length % 2 !== 0) throw new AppleMdmError('malformed_plist', '<dict> has a key without a value');
    const out: PlistDict = {};
    for (let i = 0; i < children.length; i += 2) {
      const keyNode = children[i];
      const valueNode = children[i + 1];
      if (!keyNode || !valueNode || keyNode.nodeName !== 'key') {
        throw new AppleMdmError('malformed_plist', '<dict> entries must be <key> followed by a value');
      }
      const key = textOf(keyNode);
      if (key === '__proto__') throw new AppleMdmError('malformed_plist', 'the key __proto__ is not accepted');
      if (Object.prototype.hasOwnProperty.call(out, key)) {
        throw new AppleMdmError('malformed_plist', `duplicate key ${JSON.stringify(key)}`);
      }
      out[key] = this.value(valueNode, depth + 1);
    }
    return out;
  }

  private array(node: XmlNode, depth: number): PlistValue[] {
    this.enter(depth);
    return elementChildren(node).map((child) => this.value(child, depth + 1));
  }

  private data(text: string): Buffer {
    const compact = text.replace(/\s+/g, '');
    if (!BASE64.test(compact)) throw new AppleMdmError('malformed_plist', '<data> is not base64');
    if (Math.floor((compact.length * 3) / 4) > this.limits.maxDataBytes) {
      throw new AppleMdmError('data_too_large', `a <data> value exceeds ${this.limits.maxDataBytes} bytes`);
    }
    return Buffer.from(compact, 'base64');
  }
}

function integer(text: string): number | bigint {
  if (!INTEGER.test(text)) throw new AppleMdmError('malformed_plist', `bad <integer> ${JSON.stringify(text.slice(0, 40))}`);
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : BigInt(text);
}

function real(text: string): number {
  if (!REAL.test(text)) throw new AppleMdmError('malformed_plist', `bad <real> ${JSON.stringify(text.slice(0, 40))}`);
  return Number(text);
}

function date(text: string): Date {
  const d = new Date(text);
  if (!PLIST_DATE.test(text) || Number.isNaN(d.getTime())) {
    throw new AppleMdmError('malformed_plist', `bad <date> ${JSON.stringify(text.slice(0, 40))}`);
  }
  return d;
}
