import { DEFAULT_LIMITS } from '@flotilla/codec-core';
import { decodeSoapRequest, type SoapExpectation, type SoapRequestEnvelope } from '../soap/soap-envelope.decoder';
import { ACTION, NS } from '../windows-mdm.constants';
import type { XmlInput } from '../xml/xml.parser';
import { childElements, childText, firstChild, requireChild, requireChildText, textOf } from '../xml/xml.query';
import type { XmlLimits } from '../xml/xml.types';
import type { DiscoverRequest } from './discovery.types';

/** Action and body element of a Discover request. */
export const DISCOVER_REQUEST: SoapExpectation = { action: ACTION.discover, bodyLocal: 'Discover', bodyNs: NS.discovery };

/** Decodes an MS-MDE2 Discover request (SOAP 1.2, Action …/IDiscoveryService/Discover). */
export function decodeDiscoverRequest(input: XmlInput, limits: XmlLimits = DEFAULT_LIMITS): DiscoverRequest {
  return discoverFromEnvelope(decodeSoapRequest(input, [DISCOVER_REQUEST], limits));
}

/** Reads a Discover request out of an already checked envelope. */
export function discoverFromEnvelope({ header, body, raw }: SoapRequestEnvelope): DiscoverRequest {
  const request = requireChild(body, 'request', NS.discovery, 'Discover/request');
  const policies = firstChild(request, 'AuthPolicies', NS.discovery);
  return {
    type: 'Discover',
    messageId: header.messageId,
    to: header.to,
    replyTo: header.replyTo,
    emailAddress: childText(request, 'EmailAddress', NS.discovery) ?? '',
    requestVersion: requireChildText(request, 'RequestVersion', NS.discovery, 'Discover/request/RequestVersion'),
    deviceType: childText(request, 'DeviceType', NS.discovery),
    applicationVersion: childText(request, 'ApplicationVersion', NS.discovery),
    osEdition: childText(request, 'OSEdition', NS.discovery),
    authPolicies: policies ? childElements(policies, 'AuthPolicy', NS.discovery).map(textOf) : [],
    raw,
  };
}
