import { DEFAULT_LIMITS } from '@flotilla/codec-core';
import { NS } from '../windows-mdm.constants';
import { windowsMdmError } from '../windows-mdm.errors';
import { parseXmlDocument, type XmlInput } from '../xml/xml.parser';
import { attr, childElements, childText, firstChild, requireChildText, textOf } from '../xml/xml.query';
import type { XmlElement, XmlLimits } from '../xml/xml.types';
import { decodeBase64Strict } from './base64.codec';
import type { SoapRequestHeader, WsSecurityToken } from './soap.types';

/** A SOAP 1.2 request split into its checked header and its single body element. */
export interface SoapRequestEnvelope {
  readonly header: SoapRequestHeader;
  /** The first element inside s:Body, already checked against the expected name. */
  readonly body: XmlElement;
  readonly raw: string;
}

/** What a decoder expects: the WS-Addressing Action and the body element's name. */
export interface SoapExpectation {
  readonly action: string;
  readonly bodyLocal: string;
  readonly bodyNs: string;
}

/**
 * Parses and checks a SOAP 1.2 / WS-Addressing request: root s:Envelope with s:Header and s:Body,
 * one of the expected Actions, a MessageID, and the body element that Action calls for.
 */
export function decodeSoapRequest(
  input: XmlInput,
  expectations: readonly SoapExpectation[],
  limits: XmlLimits = DEFAULT_LIMITS,
): SoapRequestEnvelope {
  const { elements, text } = parseXmlDocument(input, limits);
  const envelope = elements[0];
  if (!envelope || envelope.local !== 'Envelope' || envelope.ns !== NS.soap12) {
    throw windowsMdmError('not_soap', `root element is ${envelope?.name ?? 'absent'}, not a SOAP 1.2 Envelope`);
  }
  const headerEl = firstChild(envelope, 'Header', NS.soap12);
  const bodyEl = firstChild(envelope, 'Body', NS.soap12);
  if (!headerEl || !bodyEl) throw windowsMdmError('not_soap', 'SOAP Envelope lacks its Header or Body');

  const action = requireChildText(headerEl, 'Action', NS.addressing, 'Header/Action');
  const expected = expectations.find((e) => e.action === action);
  if (!expected) throw windowsMdmError('unknown_action', `unexpected Action ${action}`);
  const messageId = requireChildText(headerEl, 'MessageID', NS.addressing, 'Header/MessageID');
  const replyToEl = firstChild(headerEl, 'ReplyTo', NS.addressing);
  const securityEl = firstChild(headerEl, 'Security', NS.wssSecext);

  const body = childElements(bodyEl)[0];
  if (!body) throw windowsMdmError('missing_element', 'Body is empty');
  if (body.local !== expected.bodyLocal || body.ns !== expected.bodyNs) {
    throw windowsMdmError('unknown_action', `Body holds ${body.name}, expected ${expected.bodyLocal}`);
  }
  return {
    header: {
      action,
      messageId,
      to: childText(headerEl, 'To', NS.addressing),
      replyTo: replyToEl ? childText(replyToEl, 'Address', NS.addressing) : undefined,
      security: securityEl ? decodeSecurityToken(securityEl) : undefined,
    },
    body,
    raw: text,
  };
}

/** Reads the UsernameToken or BinarySecurityToken of a wsse:Security header (undefined if neither). */
function decodeSecurityToken(security: XmlElement): WsSecurityToken | undefined {
  const username = firstChild(security, 'UsernameToken', NS.wssSecext);
  if (username) {
    const password = firstChild(username, 'Password', NS.wssSecext);
    return {
      kind: 'username',
      username: requireChildText(username, 'Username', NS.wssSecext, 'Security/UsernameToken/Username'),
      password: password ? textOf(password) : '',
      passwordType: password ? attr(password, 'Type') : undefined,
    };
  }
  const binary = firstChild(security, 'BinarySecurityToken', NS.wssSecext);
  if (binary) {
    const valueType = attr(binary, 'ValueType');
    if (!valueType) throw windowsMdmError('missing_element', 'Security/BinarySecurityToken@ValueType is missing');
    const value = textOf(binary).replace(/\s+/g, '');
    return {
      kind: 'binary',
      valueType,
      encodingType: attr(binary, 'EncodingType'),
      value,
      data: decodeBase64Strict(value, 'Security/BinarySecurityToken', { urlSafe: true }),
    };
  }
  return undefined;
}
