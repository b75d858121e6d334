import { ENROLLMENT_ID_FIELDS } from '../checkin/enrollment.resolver';
import { writeMapped } from '../plist/plist-field.mapping';
import { encodePlist } from '../plist/plist.encoder';
import type { PlistDict } from '../plist/plist.types';
import { commandReportFromDict } from './command-report.decoder';
import type { CommandReportInput } from './command-report.types';
import { writeCommandResult } from './command-result.codec';
import { ERROR_CHAIN_FIELDS } from './command-result.mapping';

/**
 * Encodes a command report as an XML plist (the inverse of `decodeCommandReport`; for the agent
 * simulator and tests). Keys of `raw` are carried along; typed fields override them. The result
 * is checked with the decoder.
 */
export function encodeCommandReport(report: CommandReportInput): Buffer {
  const dict: PlistDict = { ...(report.raw ?? {}), Status: report.status };
  writeMapped(dict, report, ENROLLMENT_ID_FIELDS);
  if (report.requestType !== undefined) dict['RequestType'] = report.requestType;
  if (report.status !== 'Idle') dict['CommandUUID'] = report.commandUuid;
  if (report.status === 'Acknowledged' && report.result) writeCommandResult(dict, report.result);
  if (report.status === 'Error' || report.status === 'CommandFormatError') {
    dict['ErrorChain'] = report.errorChain.map((entry) => {
      const out: PlistDict = {};
      writeMapped(out, entry, ERROR_CHAIN_FIELDS);
      return out;
    });
  }
  commandReportFromDict(dict);
  return encodePlist(dict);
}
