import { AppleMdmError } from '../apple-mdm.errors';
import { readMapped, type AnyFieldMap } from '../plist/plist-field.mapping';
import { PlistFieldReader } from '../plist/plist-field.reader';
import { decodePlistDict } from '../plist/plist.decoder';
import type { PlistDecodeOptions, PlistDict } from '../plist/plist.types';
import { CHECKIN_FIELDS } from './checkin.mapping';
import { CHECKIN_MESSAGE_TYPES, type CheckinMessage, type CheckinMessageType } from './checkin.types';
import { ENROLLMENT_ID_FIELDS, resolveEnrollment } from './enrollment.resolver';

/**
 * Decodes a check-in body (the PUT with Content-Type `application/x-apple-aspen-mdm-checkin`).
 * Errors: the plist codes, `missing_field` (no MessageType, no resolvable enrollment id, or a
 * required key of that type), `invalid_field` (a key of the wrong plist type),
 * `unknown_message_type`.
 */
export function decodeCheckin(bytes: Uint8Array, options?: PlistDecodeOptions): CheckinMessage {
  return checkinFromDict(decodePlistDict(bytes, options));
}

/** Interprets an already-decoded plist dict as a check-in (same checks as {@link decodeCheckin}). */
export function checkinFromDict(raw: PlistDict): CheckinMessage {
  const reader = new PlistFieldReader(raw, 'check-in');
  const messageType = reader.string('MessageType');
  if (!isCheckinMessageType(messageType)) {
    throw new AppleMdmError('unknown_message_type', `unknown MessageType ${JSON.stringify(messageType.slice(0, 64))}`);
  }
  const ids = readMapped(reader, ENROLLMENT_ID_FIELDS);
  if (!resolveEnrollment(ids)) {
    throw new AppleMdmError('missing_field', 'check-in: no UDID or EnrollmentID (or a user channel without its user id)');
  }
  const fields = readMapped<Record<string, unknown>>(reader, CHECKIN_FIELDS[messageType] as AnyFieldMap);
  return { messageType, ...ids, ...fields, raw } as CheckinMessage;
}

function isCheckinMessageType(value: string): value is CheckinMessageType {
  return (CHECKIN_MESSAGE_TYPES as readonly string[]).includes(value);
}
