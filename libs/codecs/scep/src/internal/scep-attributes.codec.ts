import { scepFail } from '../scep.errors';
import type { FailInfo, PkiStatus, ScepMessageType } from '../scep.types';
import type { DerNode } from './der.reader';
import { DerValues, UNIVERSAL } from './der-values.reader';
import { der } from './der.writer';
import { isPrintable } from './input.guard';
import { FAIL_INFO_CODES, MESSAGE_TYPE_CODES, OID, PKI_STATUS_CODES, keyForCode } from './oids.constants';
import { singleValue, type ParsedSignerInfo } from './signed-data.reader';
import { attribute } from './signed-data.writer';

/** The SCEP authenticated attributes (RFC 8894 §3.2.1). */
export interface ScepAttributes {
  messageType: ScepMessageType;
  transactionId: string;
  senderNonce?: Buffer;
  recipientNonce?: Buffer;
  pkiStatus?: PkiStatus;
  failInfo?: FailInfo;
  signingTime?: Date;
}

const v = new DerValues('invalid_attribute');
const MAX_NONCE = 64;

export function readScepAttributes(attributes: ParsedSignerInfo['attributes'], what: string): ScepAttributes {
  const seen = new Set<string>();
  for (const a of attributes) {
    if (seen.has(a.oid)) scepFail('invalid_attribute', `${what}: attribute ${a.oid} occurs twice`);
    seen.add(a.oid);
  }
  const optional = (oid: string): DerNode | undefined => (seen.has(oid) ? singleValue(attributes, oid, what) : undefined);

  const typeText = v.string(singleValue(attributes, OID.scepMessageType, what), 'messageType');
  const messageType = /^\d{1,3}$/.test(typeText) ? keyForCode(MESSAGE_TYPE_CODES, Number(typeText)) : undefined;
  if (messageType === undefined) scepFail('unknown_message_type', `messageType ${JSON.stringify(typeText.slice(0, 16))}`);

  const transactionId = v.string(singleValue(attributes, OID.scepTransactionId, what), 'transactionID');
  if (transactionId.length === 0 || transactionId.length > 256) scepFail('invalid_attribute', 'transactionID is empty or too long');

  const out: ScepAttributes = { messageType, transactionId };
  const sender = optional(OID.scepSenderNonce);
  if (sender) out.senderNonce = nonce(sender, 'senderNonce');
  const recipient = optional(OID.scepRecipientNonce);
  if (recipient) out.recipientNonce = nonce(recipient, 'recipientNonce');
  const status = optional(OID.scepPkiStatus);
  if (status) out.pkiStatus = coded(PKI_STATUS_CODES, v.string(status, 'pkiStatus'), 'pkiStatus');
  const fail = optional(OID.scepFailInfo);
  if (fail) out.failInfo = coded(FAIL_INFO_CODES, v.string(fail, 'failInfo'), 'failInfo');
  const time = optional(OID.signingTime);
  if (time) out.signingTime = v.time(time, 'signingTime');
  return out;
}

function nonce(node: DerNode, what: string): Buffer {
  const bytes = v.octets(v.universal(node, UNIVERSAL.octetString, what), what);
  if (bytes.length === 0 || bytes.length > MAX_NONCE) scepFail('invalid_attribute', `${what} is ${bytes.length} bytes`);
  return bytes;
}

function coded<K extends string>(table: Readonly<Record<K, number>>, text: string, what: string): K {
  const key = /^\d{1,2}$/.test(text) ? keyForCode(table, Number(text)) : undefined;
  if (key === undefined) return scepFail('invalid_attribute', `${what} ${JSON.stringify(text.slice(0, 16))}`);
  return key;
}

/** Encodes the SCEP attributes (signingTime is added by the SignedData writer). */
export function writeScepAttributes(attrs: Omit<ScepAttributes, 'signingTime'>): Buffer[] {
  const out = [
    attribute(OID.scepMessageType, der.printableString(String(MESSAGE_TYPE_CODES[attrs.messageType]))),
    attribute(
      OID.scepTransactionId,
      isPrintable(attrs.transactionId) ? der.printableString(attrs.transactionId) : der.utf8String(attrs.transactionId),
    ),
  ];
  if (attrs.senderNonce) out.push(attribute(OID.scepSenderNonce, der.octetString(attrs.senderNonce)));
  if (attrs.recipientNonce) out.push(attribute(OID.scepRecipientNonce, der.octetString(attrs.recipientNonce)));
  if (attrs.pkiStatus) out.push(attribute(OID.scepPkiStatus, der.printableString(String(PKI_STATUS_CODES[attrs.pkiStatus]))));
  if (attrs.failInfo) out.push(attribute(OID.scepFailInfo, der.printableString(String(FAIL_INFO_CODES[attrs.failInfo]))));
  return out;
}
