/** An attribute after namespace resolution. */
export interface XmlAttribute {
  /** Qualified name as written (`s:mustUnderstand`). */
  readonly name: string;
  readonly local: string;
  /** Namespace URI; undefined for unprefixed attributes and undeclared prefixes. */
  readonly ns: string | undefined;
  /** Value with entity and character references decoded. */
  readonly value: string;
}

/** An element after namespace resolution. */
export interface XmlElement {
  readonly kind: 'element';
  /** Qualified name as written (`a:MessageID`). */
  readonly name: string;
  readonly local: string;
  /** Namespace URI; undefined when no default namespace is in scope or the prefix is undeclared. */
  readonly ns: string | undefined;
  readonly attrs: readonly XmlAttribute[];
  readonly children: readonly XmlNode[];
}

/** Character data (text or CDATA section), references decoded. */
export interface XmlText {
  readonly kind: 'text';
  readonly value: string;
  readonly cdata: boolean;
}

export type XmlNode = XmlElement | XmlText;

/** Bounds applied before and while parsing. */
export interface XmlLimits {
  /** Largest accepted input, in UTF-8 bytes. */
  readonly maxBytes: number;
  /** Deepest accepted element nesting. */
  readonly maxDepth: number;
}
