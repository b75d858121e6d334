import { DEFAULT_LIMITS } from '@flotilla/codec-core';
import { decodeBase64Strict } from '../soap/base64.codec';
import { decodeSoapRequest, type SoapExpectation, type SoapRequestEnvelope } from '../soap/soap-envelope.decoder';
import { ACTION, NS, WSTEP } from '../windows-mdm.constants';
import { windowsMdmError } from '../windows-mdm.errors';
import type { XmlInput } from '../xml/xml.parser';
import { attr, childElements, childText, firstChild, requireChild, requireChildText, textOf } from '../xml/xml.query';
import type { XmlElement, XmlLimits } from '../xml/xml.types';
import { parseWindowsCsr } from './windows-csr.parser';
import type {
  EnrollmentCertificateRequest,
  EnrollmentContext,
  EnrollmentContextItem,
  RequestSecurityTokenRequest,
} from './wstep.types';

/** Action and body element of a RequestSecurityToken request. */
export const REQUEST_SECURITY_TOKEN: SoapExpectation = {
  action: ACTION.requestSecurityToken,
  bodyLocal: 'RequestSecurityToken',
  bodyNs: NS.wsTrust,
};

/**
 * Decodes an MS-WSTEP RequestSecurityToken: checks TokenType (DeviceEnrollmentToken), RequestType
 * (Issue) and the BinarySecurityToken ValueType (PKCS10 / PKCS7), decodes the base64 token, and for
 * PKCS10 parses the CSR tolerantly and verifies its self-signature.
 */
export function decodeRequestSecurityToken(
  input: XmlInput,
  limits: XmlLimits = DEFAULT_LIMITS,
): RequestSecurityTokenRequest {
  return requestSecurityTokenFromEnvelope(decodeSoapRequest(input, [REQUEST_SECURITY_TOKEN], limits), limits.maxDepth);
}

/** Reads a RequestSecurityToken out of an already checked envelope (CSR parsed with `maxDepth`). */
export function requestSecurityTokenFromEnvelope(
  { header, body, raw }: SoapRequestEnvelope,
  maxDepth: number = DEFAULT_LIMITS.maxDepth,
): RequestSecurityTokenRequest {
  const tokenType = requireChildText(body, 'TokenType', NS.wsTrust, 'RequestSecurityToken/TokenType');
  if (tokenType !== WSTEP.deviceEnrollmentToken) {
    throw windowsMdmError('unsupported_token_type', `TokenType ${tokenType} is not DeviceEnrollmentToken`);
  }
  const requestType = requireChildText(body, 'RequestType', NS.wsTrust, 'RequestSecurityToken/RequestType');
  if (requestType !== WSTEP.requestTypeIssue) {
    throw windowsMdmError('unsupported_request_type', `RequestType ${requestType} is not Issue`);
  }
  const certificateRequest = readCertificateRequest(
    requireChild(body, 'BinarySecurityToken', NS.wssSecext, 'RequestSecurityToken/BinarySecurityToken'),
  );
  const contextEl = firstChild(body, 'AdditionalContext', NS.authorization);
  const contextItems = contextEl ? readContextItems(contextEl) : [];
  return {
    type: 'RequestSecurityToken',
    messageId: header.messageId,
    to: header.to,
    replyTo: header.replyTo,
    security: header.security,
    tokenType,
    requestType,
    certificateRequest,
    csr: certificateRequest.valueType === 'PKCS10' ? parseWindowsCsr(certificateRequest.der, maxDepth) : undefined,
    contextItems,
    context: toContext(contextItems),
    raw,
  };
}

function readCertificateRequest(token: XmlElement): EnrollmentCertificateRequest {
  const valueTypeUri = attr(token, 'ValueType');
  let valueType: EnrollmentCertificateRequest['valueType'];
  if (valueTypeUri === WSTEP.pkcs10) valueType = 'PKCS10';
  else if (valueTypeUri === WSTEP.pkcs7) valueType = 'PKCS7';
  else throw windowsMdmError('unsupported_token_type', `BinarySecurityToken ValueType ${valueTypeUri ?? '(none)'}`);
  return {
    valueType,
    encodingType: attr(token, 'EncodingType'),
    der: decodeBase64Strict(textOf(token), 'RequestSecurityToken/BinarySecurityToken'),
  };
}

function readContextItems(context: XmlElement): EnrollmentContextItem[] {
  return childElements(context, 'ContextItem', NS.authorization).map((item) => {
    const name = attr(item, 'Name');
    if (!name) throw windowsMdmError('missing_element', 'AdditionalContext/ContextItem@Name is missing');
    return { name, value: childText(item, 'Value', NS.authorization) ?? '' };
  });
}

function toContext(items: readonly EnrollmentContextItem[]): EnrollmentContext {
  const get = (name: string): string | undefined => items.find((i) => i.name === name)?.value;
  const bool = (name: string): boolean | undefined => {
    const v = get(name)?.toLowerCase();
    return v === undefined ? undefined : v === 'true' || v === '1';
  };
  return {
    deviceId: get('DeviceID'),
    hwDevId: get('HWDevID'),
    enrollmentType: get('EnrollmentType'),
    deviceType: get('DeviceType'),
    deviceName: get('DeviceName'),
    applicationVersion: get('ApplicationVersion'),
    osVersion: get('OSVersion'),
    osEdition: get('OSEdition'),
    locale: get('Locale'),
    requestVersion: get('RequestVersion'),
    uxInitiated: bool('UXInitiated'),
    targetedUserLoggedIn: bool('TargetedUserLoggedIn'),
    notInOobe: bool('NotInOobe'),
    macAddresses: items.filter((i) => i.name === 'MAC').map((i) => i.value),
  };
}
