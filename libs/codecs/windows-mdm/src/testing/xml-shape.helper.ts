// Test support only: flattens an XML document into comparable "shape" lines.
import { parseXmlDocument } from '../xml/xml.parser';
import { textOf } from '../xml/xml.query';
import type { XmlElement } from '../xml/xml.types';

export interface ShapeOptions {
  /** Include each element's text (default true); false compares structure only. */
  readonly withText?: boolean;
}

/**
 * One line per element: `/{ns}Local/{ns}Child [attr=value …] = text`, namespace declarations left
 * out, so two documents with different prefixes or whitespace but the same content compare equal.
 */
export function xmlShape(xml: string, options: ShapeOptions = {}): string[] {
  const root = parseXmlDocument(xml).elements[0];
  const lines: string[] = [];
  const walk = (el: XmlElement, path: string): void => {
    const here = `${path}/{${el.ns ?? ''}}${el.local}`;
    const attrs = el.attrs
      .filter((a) => a.name !== 'xmlns' && !a.name.startsWith('xmlns:'))
      .map((a) => `{${a.ns ?? ''}}${a.local}=${a.value}`)
      .sort();
    const text = options.withText === false ? '' : ` = ${textOf(el)}`;
    lines.push(`${here} [${attrs.join(' ')}]${text}`);
    for (const c of el.children) if (c.kind === 'element') walk(c, here);
  };
  if (root) walk(root, '');
  return lines;
}
