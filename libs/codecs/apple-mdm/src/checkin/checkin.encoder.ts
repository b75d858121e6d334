import { writeMapped, type AnyFieldMap } from '../plist/plist-field.mapping';
import { encodePlist } from '../plist/plist.encoder';
import type { PlistDict } from '../plist/plist.types';
import { checkinFromDict } from './checkin.decoder';
import { CHECKIN_FIELDS } from './checkin.mapping';
import type { CheckinInput } from './checkin.types';
import { ENROLLMENT_ID_FIELDS } from './enrollment.resolver';

/**
 * Encodes a check-in as an XML plist (the inverse of `decodeCheckin`; used by the agent
 * simulator and tests). Keys of `raw` are carried along; typed fields override them. The result
 * is checked with the decoder, so an encodable message is always a decodable one.
 */
export function encodeCheckin(msg: CheckinInput): Buffer {
  const dict: PlistDict = { ...(msg.raw ?? {}), MessageType: msg.messageType };
  writeMapped(dict, msg, ENROLLMENT_ID_FIELDS);
  writeMapped(dict, msg, CHECKIN_FIELDS[msg.messageType] as AnyFieldMap);
  checkinFromDict(dict);
  return encodePlist(dict);
}
