import { NS } from '../windows-mdm.constants';
import { windowsMdmError } from '../windows-mdm.errors';
import type { XmlElement } from './xml.types';

/** Child elements, optionally filtered by local name and namespace URI. */
export function childElements(el: XmlElement, local?: string, ns?: string): XmlElement[] {
  const out: XmlElement[] = [];
  for (const c of el.children) {
    if (c.kind === 'element' && (local === undefined || c.local === local) && (ns === undefined || c.ns === ns)) {
      out.push(c);
    }
  }
  return out;
}

/** First child element with that local name (and namespace URI, when given). */
export function firstChild(el: XmlElement, local: string, ns?: string): XmlElement | undefined {
  return childElements(el, local, ns)[0];
}

/** First child element with that name, or a `missing_element` error naming `path`. */
export function requireChild(el: XmlElement, local: string, ns: string | undefined, path: string): XmlElement {
  const found = firstChild(el, local, ns);
  if (!found) throw windowsMdmError('missing_element', `${path} is missing`);
  return found;
}

/** The element's character data (text and CDATA children), trimmed. */
export function textOf(el: XmlElement): string {
  let s = '';
  for (const c of el.children) if (c.kind === 'text') s += c.value;
  return s.trim();
}

/** Text of the first matching child, or undefined when there is no such child. */
export function childText(el: XmlElement, local: string, ns?: string): string | undefined {
  const c = firstChild(el, local, ns);
  return c ? textOf(c) : undefined;
}

/** Text of the first matching child, which must exist and be non-empty. */
export function requireChildText(el: XmlElement, local: string, ns: string | undefined, path: string): string {
  const value = childText(el, local, ns);
  if (value === undefined || value === '') throw windowsMdmError('missing_element', `${path} is missing or empty`);
  return value;
}

/** Attribute value by local name (any namespace), or undefined. */
export function attr(el: XmlElement, local: string): string | undefined {
  return el.attrs.find((a) => a.local === local && a.name !== 'xmlns' && !a.name.startsWith('xmlns:'))?.value;
}

/** True when the element carries xsi:nil="true". */
export function isNil(el: XmlElement): boolean {
  const nil = el.attrs.find((a) => a.local === 'nil' && a.ns === NS.xsi);
  return nil !== undefined && (nil.value.trim() === 'true' || nil.value.trim() === '1');
}

/** Text of an optional, nillable child: undefined when absent, null when xsi:nil. */
export function nillableText(el: XmlElement, local: string, ns?: string): string | null | undefined {
  const c = firstChild(el, local, ns);
  if (!c) return undefined;
  return isNil(c) ? null : textOf(c);
}
