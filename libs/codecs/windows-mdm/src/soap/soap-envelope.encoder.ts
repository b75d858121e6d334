import { NS } from '../windows-mdm.constants';
import { el, textEl, type XmlAttrs } from '../xml/xml.writer';

/** The pieces of a server SOAP response envelope. */
export interface SoapResponseParts {
  readonly action: string;
  /** The request's MessageID. */
  readonly relatesTo: string;
  /** Optional WCF diagnostics ActivityId (also used as its CorrelationId). */
  readonly activityId?: string;
  /** Declare the wss-utility `u:` prefix on the Envelope. */
  readonly declareUtility?: boolean;
  /** Serialized extra header block (e.g. wsse:Security with a Timestamp). */
  readonly securityHeader?: string;
  readonly bodyAttrs?: XmlAttrs;
  /** Serialized body content. */
  readonly body: string;
}

/** Serializes a SOAP 1.2 response envelope in the layout Windows enrollment clients expect. */
export function encodeSoapResponse(parts: SoapResponseParts): string {
  const activity =
    parts.activityId === undefined
      ? undefined
      : textEl('ActivityId', parts.activityId, { CorrelationId: parts.activityId, xmlns: NS.diagnostics });
  return el(
    's:Envelope',
    { 'xmlns:s': NS.soap12, 'xmlns:a': NS.addressing, 'xmlns:u': parts.declareUtility ? NS.wssUtility : undefined },
    el(
      's:Header',
      null,
      textEl('a:Action', parts.action, { 's:mustUnderstand': '1' }),
      activity,
      textEl('a:RelatesTo', parts.relatesTo),
      parts.securityHeader,
    ),
    el('s:Body', parts.bodyAttrs ?? null, parts.body),
  );
}
