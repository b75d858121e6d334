import { windowsMdmError } from '../windows-mdm.errors';

const PREDEFINED: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/**
 * Decodes the five predefined entities and character references. Any other named reference is
 * refused: this codec never expands DTD-declared entities.
 */
export function decodeXmlReferences(value: string): string {
  if (!value.includes('&')) return value;
  return value.replace(/&([^;&<\s]{0,32});/g, (_match, ref: string) => {
    if (ref.startsWith('#')) {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      if (!Number.isInteger(code) || !isXmlChar(code)) {
        throw windowsMdmError('malformed_xml', `invalid character reference &${ref};`);
      }
      return String.fromCodePoint(code);
    }
    const replacement = PREDEFINED[ref];
    if (replacement === undefined) throw windowsMdmError('malformed_xml', `undeclared entity &${ref};`);
    return replacement;
  });
}

function isXmlChar(code: number): boolean {
  return (
    code === 0x9 ||
    code === 0xa ||
    code === 0xd ||
    (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) ||
    (code >= 0x10000 && code <= 0x10ffff)
  );
}

/** Escapes character data for an element body. */
export function escapeXmlText(value: string): string {
  return value.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}

/** Escapes an attribute value written between double quotes. */
export function escapeXmlAttr(value: string): string {
  return value.replace(/[&<>"\t\n\r]/g, (c) => {
    switch (c) {
      case '&':
        return '&amp;';
      case '<':
        return '&lt;';
      case '>':
        return '&gt;';
      case '"':
        return '&quot;';
      default:
        return `&#${c.charCodeAt(0)};`;
    }
  });
}
