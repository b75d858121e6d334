import { AppleMdmError, type AppleMdmErrorCode } from '../apple-mdm.errors';
import { writeMapped } from '../plist/plist-field.mapping';
import { encodePlist } from '../plist/plist.encoder';
import type { PlistDict } from '../plist/plist.types';
import { commandFromDict, isTypedRequestType } from './command.decoder';
import { COMMAND_FIELDS } from './command.mapping';
import { isGenericCommand, type AppleMdmCommand } from './command.types';

const INVALID_COMMAND_CAUSES: readonly AppleMdmErrorCode[] = ['missing_field', 'invalid_field'];

/**
 * Encodes a command as the XML plist `{Command: {RequestType, …}, CommandUUID}` a device
 * receives (it starts with `<?xml`, as nanomdm's store requires). The output is checked with
 * `decodeCommand`; a command that would not decode is an `invalid_command` error, a value XML
 * cannot carry is `invalid_value`.
 */
export function encodeCommand(cmd: AppleMdmCommand): Buffer {
  if (typeof cmd.commandUuid !== 'string' || cmd.commandUuid === '') {
    throw new AppleMdmError('invalid_command', 'commandUuid must be a non-empty string');
  }
  if (typeof cmd.requestType !== 'string' || cmd.requestType === '') {
    throw new AppleMdmError('invalid_command', 'requestType must be a non-empty string');
  }
  const command: PlistDict = { RequestType: cmd.requestType };
  if (isGenericCommand(cmd)) {
    Object.assign(command, cmd.fields, { RequestType: cmd.requestType });
  } else {
    if (!isTypedRequestType(cmd.requestType)) {
      throw new AppleMdmError('invalid_command', `no typed form for RequestType ${cmd.requestType}; use { fields }`);
    }
    Object.assign(command, cmd.extra ?? {}, { RequestType: cmd.requestType });
    writeMapped(command, cmd, COMMAND_FIELDS[cmd.requestType]);
  }
  const dict: PlistDict = { Command: command, CommandUUID: cmd.commandUuid };
  try {
    commandFromDict(dict);
  } catch (err) {
    if (err instanceof AppleMdmError && INVALID_COMMAND_CAUSES.includes(err.code)) {
      throw new AppleMdmError('invalid_command', err.message, { cause: err });
    }
    throw err;
  }
  return encodePlist(dict);
}
