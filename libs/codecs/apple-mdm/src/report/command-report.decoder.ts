import { AppleMdmError } from '../apple-mdm.errors';
import { ENROLLMENT_ID_FIELDS, resolveEnrollment } from '../checkin/enrollment.resolver';
import { readMapped } from '../plist/plist-field.mapping';
import { PlistFieldReader } from '../plist/plist-field.reader';
import { decodePlistDict } from '../plist/plist.decoder';
import type { PlistDecodeOptions, PlistDict } from '../plist/plist.types';
import { COMMAND_STATUSES, type CommandReport, type CommandStatus } from './command-report.types';
import { readCommandResult } from './command-result.codec';
import { ERROR_CHAIN_FIELDS } from './command-result.mapping';

/**
 * Decodes a command report (the device's PUT to ServerURL). Errors: the plist codes,
 * `missing_field` (no Status, no resolvable enrollment id, no CommandUUID on a non-Idle report,
 * an ErrorChain entry without ErrorCode/ErrorDomain), `invalid_field`, `unknown_status`.
 */
export function decodeCommandReport(bytes: Uint8Array, options?: PlistDecodeOptions): CommandReport {
  return commandReportFromDict(decodePlistDict(bytes, options));
}

/** Interprets an already-decoded plist dict as a command report. */
export function commandReportFromDict(raw: PlistDict): CommandReport {
  const reader = new PlistFieldReader(raw, 'report');
  const status = reader.string('Status');
  if (!isCommandStatus(status)) {
    throw new AppleMdmError('unknown_status', `unknown Status ${JSON.stringify(status.slice(0, 64))}`);
  }
  const ids = readMapped(reader, ENROLLMENT_ID_FIELDS);
  if (!resolveEnrollment(ids)) {
    throw new AppleMdmError('missing_field', 'report: no UDID or EnrollmentID (or a user channel without its user id)');
  }
  const requestType = reader.optString('RequestType');
  const base = { ...ids, ...(requestType === undefined ? {} : { requestType }), raw };
  if (status === 'Idle') return { status, ...base };
  const commandUuid = reader.optNonEmptyString('CommandUUID') ?? reader.missing('CommandUUID');
  switch (status) {
    case 'Acknowledged': {
      const result = readCommandResult(reader);
      return { status, commandUuid, ...base, ...(result ? { result } : {}) };
    }
    case 'Error':
    case 'CommandFormatError': {
      const errorChain = (reader.optDictArray('ErrorChain') ?? []).map((entry) => readMapped(entry, ERROR_CHAIN_FIELDS));
      return { status, commandUuid, errorChain, ...base };
    }
    case 'NotNow':
      return { status, commandUuid, ...base };
  }
}

function isCommandStatus(value: string): value is CommandStatus {
  return (COMMAND_STATUSES as readonly string[]).includes(value);
}
