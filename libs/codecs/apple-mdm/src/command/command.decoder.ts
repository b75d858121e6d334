import { AppleMdmError } from '../apple-mdm.errors';
import { mappedKeys, readMapped, type AnyFieldMap } from '../plist/plist-field.mapping';
import { PlistFieldReader } from '../plist/plist-field.reader';
import { decodePlistDict } from '../plist/plist.decoder';
import type { PlistDecodeOptions, PlistDict } from '../plist/plist.types';
import { COMMAND_FIELDS, ENUM_VALUES, ONE_OF_KEYS } from './command.mapping';
import type { DecodedCommand, TypedRequestType } from './command.types';

/**
 * Decodes a command plist `{CommandUUID, Command: {RequestType, …}}` (as stored in a queue or
 * sent to a device). Known RequestTypes come back typed, with unmodelled keys in `extra`; any
 * other RequestType comes back generic (`fields`). Errors: the plist codes, `missing_field`,
 * `invalid_field`.
 */
export function decodeCommand(bytes: Uint8Array, options?: PlistDecodeOptions): DecodedCommand {
  return commandFromDict(decodePlistDict(bytes, options));
}

/** Interprets an already-decoded plist dict as a command. */
export function commandFromDict(raw: PlistDict): DecodedCommand {
  const top = new PlistFieldReader(raw, 'command');
  const commandUuid = top.optNonEmptyString('CommandUUID') ?? top.missing('CommandUUID');
  const command = top.dictionary('Command');
  const reader = new PlistFieldReader(command, 'Command');
  const requestType = reader.optNonEmptyString('RequestType') ?? reader.missing('RequestType');
  if (!isTypedRequestType(requestType)) {
    const fields = { ...command };
    delete fields['RequestType'];
    return { commandUuid, requestType, fields, raw };
  }
  const map: AnyFieldMap = COMMAND_FIELDS[requestType];
  const typed = readMapped<Record<string, unknown>>(reader, map);
  checkValues(requestType, command);
  const known = mappedKeys(map);
  const extra: PlistDict = {};
  for (const [key, value] of Object.entries(command)) {
    if (key !== 'RequestType' && !known.has(key)) extra[key] = value;
  }
  return {
    commandUuid,
    requestType,
    ...typed,
    ...(Object.keys(extra).length > 0 ? { extra } : {}),
    raw,
  } as DecodedCommand;
}

/** True when `requestType` has a typed form in this codec. */
export function isTypedRequestType(requestType: string): requestType is TypedRequestType {
  return Object.prototype.hasOwnProperty.call(COMMAND_FIELDS, requestType);
}

function checkValues(requestType: TypedRequestType, command: PlistDict): void {
  for (const [key, allowed] of Object.entries(ENUM_VALUES[requestType] ?? {})) {
    const value = command[key];
    if (value !== undefined && (typeof value !== 'string' || !allowed.includes(value))) {
      throw new AppleMdmError('invalid_field', `Command: ${key} must be one of ${allowed.join(', ')}`);
    }
  }
  const oneOf = ONE_OF_KEYS[requestType];
  if (oneOf && !oneOf.some((key) => command[key] !== undefined)) {
    throw new AppleMdmError('missing_field', `Command: ${requestType} needs one of ${oneOf.join(', ')}`);
  }
}
