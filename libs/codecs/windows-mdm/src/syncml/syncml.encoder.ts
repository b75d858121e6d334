import { NS } from '../windows-mdm.constants';
import { windowsMdmError } from '../windows-mdm.errors';
import { el, optTextEl, textEl, XML_DECLARATION, type XmlChild } from '../xml/xml.writer';
import type { SyncMlCommand, SyncMlHeader, SyncMlItem, SyncMlMessage, SyncMlMeta } from './syncml.types';

const METINF = { xmlns: NS.syncmlMetInf } as const;

/**
 * Encodes a SyncML 1.2 message (decodeSyncMl's inverse). Elements are written in OMA-DM DTD order;
 * Meta children carry `xmlns="syncml:metinf"`. Every command needs a non-empty CmdID.
 */
export function encodeSyncMl(message: SyncMlMessage): string {
  return `${XML_DECLARATION}${el(
    'SyncML',
    { xmlns: NS.syncml },
    header(message.header),
    el('SyncBody', null, ...message.commands.map(command), message.final ? '<Final/>' : undefined),
  )}`;
}

function header(h: SyncMlHeader): string {
  for (const [name, value] of [
    ['VerDTD', h.verDtd],
    ['VerProto', h.verProto],
    ['SessionID', h.sessionId],
    ['MsgID', h.msgId],
    ['Target', h.target],
    ['Source', h.source],
  ] as const) {
    if (!value) throw windowsMdmError('invalid_argument', `SyncHdr ${name} is empty`);
  }
  return el(
    'SyncHdr',
    null,
    textEl('VerDTD', h.verDtd),
    textEl('VerProto', h.verProto),
    textEl('SessionID', h.sessionId),
    textEl('MsgID', h.msgId),
    el('Target', null, textEl('LocURI', h.target)),
    el('Source', null, textEl('LocURI', h.source)),
    optTextEl('RespURI', h.respUri),
    h.noResp === true && '<NoResp/>',
    h.cred && el('Cred', null, meta(h.cred.meta), textEl('Data', h.cred.data)),
    meta(h.meta),
  );
}

function command(c: SyncMlCommand): string {
  if (!c.cmdId) throw windowsMdmError('invalid_argument', `${c.type} has no CmdID`);
  const head: XmlChild[] = [textEl('CmdID', c.cmdId)];
  switch (c.type) {
    case 'Status':
      return el(
        'Status',
        null,
        ...head,
        textEl('MsgRef', c.msgRef),
        textEl('CmdRef', c.cmdRef),
        textEl('Cmd', c.cmd),
        ...c.targetRefs.map((r) => textEl('TargetRef', r)),
        ...c.sourceRefs.map((r) => textEl('SourceRef', r)),
        c.chal && el('Chal', null, meta(c.chal)),
        textEl('Data', c.data),
        ...c.items.map(item),
      );
    case 'Results':
      return el(
        'Results',
        null,
        ...head,
        optTextEl('MsgRef', c.msgRef),
        textEl('CmdRef', c.cmdRef),
        meta(c.meta),
        ...c.targetRefs.map((r) => textEl('TargetRef', r)),
        ...c.sourceRefs.map((r) => textEl('SourceRef', r)),
        ...c.items.map(item),
      );
    case 'Alert':
      return el(
        'Alert',
        null,
        ...head,
        c.noResp === true && '<NoResp/>',
        textEl('Data', c.data),
        optTextEl('Correlator', c.correlator),
        ...c.items.map(item),
      );
    case 'Atomic':
    case 'Sequence':
      return el(c.type, null, ...head, c.noResp === true && '<NoResp/>', meta(c.meta), ...c.commands.map(command));
    default:
      return el(
        c.type,
        null,
        ...head,
        c.noResp === true && '<NoResp/>',
        meta(c.meta),
        optTextEl('Correlator', c.correlator),
        ...c.items.map(item),
      );
  }
}

function item(i: SyncMlItem): string {
  return el(
    'Item',
    null,
    i.target !== undefined && el('Target', null, textEl('LocURI', i.target)),
    i.source !== undefined && el('Source', null, textEl('LocURI', i.source)),
    meta(i.meta),
    i.data !== undefined && textEl('Data', i.data),
  );
}

function meta(m: SyncMlMeta | undefined): string | undefined {
  if (!m) return undefined;
  return el(
    'Meta',
    null,
    optTextEl('Format', m.format, METINF),
    optTextEl('Type', m.type, METINF),
    optTextEl('Size', m.size, METINF),
    optTextEl('NextNonce', m.nextNonce, METINF),
    optTextEl('MaxMsgSize', m.maxMsgSize, METINF),
    optTextEl('MaxObjSize', m.maxObjSize, METINF),
  );
}
