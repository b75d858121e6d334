import { SYNCML_STATUS } from '../windows-mdm.constants';
import { windowsMdmError } from '../windows-mdm.errors';
import type { SyncMlCommand, SyncMlMessage, SyncMlStatus } from './syncml.types';

/** How the server answers one client message. */
export interface SyncMlReplyInput {
  /** The client message being answered. */
  readonly request: SyncMlMessage;
  /** The server's MsgID for this reply. */
  readonly msgId: string;
  /** First CmdID to hand out (default 1); Status commands come first, then `commands`. */
  readonly firstCmdId?: number;
  /** Status code for the client's SyncHdr (default "200"). */
  readonly headerStatus?: string;
  /** Status code for each client command (default "200"). Status commands are never answered. */
  readonly statusFor?: (command: SyncMlCommand) => string;
  /** New server commands; their CmdIDs (nested ones too, depth first) are replaced by sequential ones. */
  readonly commands?: readonly SyncMlCommand[];
}

/**
 * Builds the server's reply: same SessionID, Target/Source swapped, a Status for the client's
 * SyncHdr (CmdRef 0, Cmd SyncHdr, MsgRef = client MsgID) and for each client command, then the new
 * commands with sequential CmdIDs, then Final. Read the assigned CmdIDs from the result.
 */
export function buildSyncMlReply(input: SyncMlReplyInput): SyncMlMessage {
  const first = input.firstCmdId ?? 1;
  if (!Number.isSafeInteger(first) || first < 1) {
    throw windowsMdmError('invalid_argument', 'firstCmdId must be a positive integer');
  }
  if (!input.msgId) throw windowsMdmError('invalid_argument', 'msgId is required');
  let next = first;
  const nextId = (): string => String(next++);
  const req = input.request;
  const status = (cmdRef: string, cmd: string, data: string): SyncMlStatus => ({
    type: 'Status',
    cmdId: nextId(),
    msgRef: req.header.msgId,
    cmdRef,
    cmd,
    targetRefs: [],
    sourceRefs: [],
    data,
    items: [],
  });
  const commands: SyncMlCommand[] = [status('0', 'SyncHdr', input.headerStatus ?? SYNCML_STATUS.ok)];
  for (const c of req.commands) {
    if (c.type !== 'Status') commands.push(status(c.cmdId, c.type, input.statusFor?.(c) ?? SYNCML_STATUS.ok));
  }
  const renumber = (c: SyncMlCommand): SyncMlCommand => {
    const cmdId = nextId();
    return c.type === 'Atomic' || c.type === 'Sequence' ? { ...c, cmdId, commands: c.commands.map(renumber) } : { ...c, cmdId };
  };
  commands.push(...(input.commands ?? []).map(renumber));
  return {
    header: {
      verDtd: req.header.verDtd,
      verProto: req.header.verProto,
      sessionId: req.header.sessionId,
      msgId: input.msgId,
      target: req.header.source,
      source: req.header.target,
    },
    commands,
    final: true,
  };
}
