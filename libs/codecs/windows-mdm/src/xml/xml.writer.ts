import { escapeXmlAttr, escapeXmlText } from './xml-escape.codec';
import type { XmlNode } from './xml.types';

/** Attributes in output order; undefined values are left out. */
export type XmlAttrs = Readonly<Record<string, string | undefined>>;

/** A serialized child: already-escaped XML, or nothing (skipped). */
export type XmlChild = string | undefined | false;

/** Serializes one element whose children are already-serialized XML strings. */
export function el(name: string, attrs: XmlAttrs | null, ...children: readonly XmlChild[]): string {
  let open = `<${name}`;
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) if (v !== undefined) open += ` ${k}="${escapeXmlAttr(v)}"`;
  }
  const body = children.filter((c): c is string => typeof c === 'string').join('');
  return body === '' ? `${open}/>` : `${open}>${body}</${name}>`;
}

/** Serializes an element holding only text (`<Name>text</Name>`, `<Name/>` when empty). */
export function textEl(name: string, value: string, attrs: XmlAttrs | null = null): string {
  return el(name, attrs, escapeXmlText(value));
}

/** Like textEl, but returns undefined (skipped by `el`) when the value is undefined. */
export function optTextEl(name: string, value: string | undefined, attrs: XmlAttrs | null = null): string | undefined {
  return value === undefined ? undefined : textEl(name, value, attrs);
}

/** The XML declaration every encoder of this codec writes. */
export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';

/** Re-serializes parsed nodes (names and attributes as written, text escaped). */
export function serializeXmlNodes(nodes: readonly XmlNode[]): string {
  let out = '';
  for (const n of nodes) {
    if (n.kind === 'text') {
      out += escapeXmlText(n.value);
    } else {
      const attrs: Record<string, string> = {};
      for (const a of n.attrs) attrs[a.name] = a.value;
      out += el(n.name, attrs, serializeXmlNodes(n.children));
    }
  }
  return out;
}
