import { DEFAULT_LIMITS } from '@flotilla/codec-core';
import { windowsMdmError } from '../windows-mdm.errors';
import { parseXmlDocument, parseXmlFragment, type XmlInput } from '../xml/xml.parser';
import { childElements, childText, firstChild, requireChild, textOf } from '../xml/xml.query';
import type { XmlElement, XmlLimits } from '../xml/xml.types';
import { serializeXmlNodes } from '../xml/xml.writer';
import type {
  DecodedSyncMlMessage,
  SyncMlCommand,
  SyncMlHeader,
  SyncMlItem,
  SyncMlItemCommand,
  SyncMlMeta,
} from './syncml.types';

const ITEM_COMMANDS: ReadonlySet<string> = new Set(['Get', 'Replace', 'Add', 'Delete', 'Exec']);

/**
 * Decodes an OMA-DM SyncML 1.2 message (either direction). Elements are matched by local name, so
 * the `syncml:metinf` namespace on Meta children and undeclared prefixes (`A:Format`) are tolerated.
 */
export function decodeSyncMl(input: XmlInput, limits: XmlLimits = DEFAULT_LIMITS): DecodedSyncMlMessage {
  const { elements, text } = parseXmlDocument(input, limits);
  const root = elements[0];
  if (!root || root.local !== 'SyncML' || (root.ns !== undefined && !/^syncml:syncml1\.[12]$/i.test(root.ns))) {
    throw windowsMdmError('not_syncml', `root element is ${root?.name ?? 'absent'}, not SyncML 1.2`);
  }
  const hdr = firstChild(root, 'SyncHdr');
  const body = firstChild(root, 'SyncBody');
  if (!hdr || !body) throw windowsMdmError('not_syncml', 'SyncML lacks its SyncHdr or SyncBody');
  let final = false;
  const commands: SyncMlCommand[] = [];
  for (const child of childElements(body)) {
    if (child.local === 'Final') final = true;
    else commands.push(decodeCommand(child, true));
  }
  return { header: decodeHeader(hdr), commands, final, raw: text };
}

/**
 * Decodes stored SyncML command fragments (one or more sibling commands, no SyncML envelope), e.g.
 * profile payloads. A fragment may omit CmdID (the sender assigns one): it decodes as "".
 */
export function decodeSyncMlCommands(input: XmlInput, limits: XmlLimits = DEFAULT_LIMITS): SyncMlCommand[] {
  return parseXmlFragment(input, limits).elements.map((e) => decodeCommand(e, false));
}

function decodeHeader(hdr: XmlElement): SyncMlHeader {
  const target = requireChild(hdr, 'Target', undefined, 'SyncHdr/Target');
  const source = requireChild(hdr, 'Source', undefined, 'SyncHdr/Source');
  const cred = firstChild(hdr, 'Cred');
  const meta = optionalMeta(hdr);
  return {
    verDtd: required(hdr, 'VerDTD', 'SyncHdr'),
    verProto: required(hdr, 'VerProto', 'SyncHdr'),
    sessionId: required(hdr, 'SessionID', 'SyncHdr'),
    msgId: required(hdr, 'MsgID', 'SyncHdr'),
    target: required(target, 'LocURI', 'SyncHdr/Target'),
    source: required(source, 'LocURI', 'SyncHdr/Source'),
    ...optional('respUri', childText(hdr, 'RespURI')),
    ...(firstChild(hdr, 'NoResp') && { noResp: true }),
    ...(cred && { cred: { ...optional('meta', optionalMeta(cred)), data: childText(cred, 'Data') ?? '' } }),
    ...optional('meta', meta),
  };
}

function decodeCommand(el: XmlElement, requireCmdId: boolean): SyncMlCommand {
  const cmdId = requireCmdId ? required(el, 'CmdID', el.local) : (childText(el, 'CmdID') ?? '');
  const noResp = firstChild(el, 'NoResp') ? { noResp: true } : {};
  switch (el.local) {
    case 'Status': {
      const chal = firstChild(el, 'Chal');
      return {
        type: 'Status',
        cmdId,
        msgRef: required(el, 'MsgRef', 'Status'),
        cmdRef: required(el, 'CmdRef', 'Status'),
        cmd: required(el, 'Cmd', 'Status'),
        targetRefs: childElements(el, 'TargetRef').map(textOf),
        sourceRefs: childElements(el, 'SourceRef').map(textOf),
        ...optional('chal', chal && optionalMeta(chal)),
        data: required(el, 'Data', 'Status'),
        items: items(el),
      };
    }
    case 'Results':
      return {
        type: 'Results',
        cmdId,
        ...optional('msgRef', childText(el, 'MsgRef')),
        cmdRef: required(el, 'CmdRef', 'Results'),
        ...optional('meta', optionalMeta(el)),
        targetRefs: childElements(el, 'TargetRef').map(textOf),
        sourceRefs: childElements(el, 'SourceRef').map(textOf),
        items: items(el),
      };
    case 'Alert':
      return {
        type: 'Alert',
        cmdId,
        ...noResp,
        data: required(el, 'Data', 'Alert'),
        ...optional('correlator', childText(el, 'Correlator')),
        items: items(el),
      };
    case 'Atomic':
    case 'Sequence':
      return {
        type: el.local,
        cmdId,
        ...noResp,
        ...optional('meta', optionalMeta(el)),
        commands: childElements(el)
          .filter((c) => !['CmdID', 'NoResp', 'Meta', 'Cred'].includes(c.local))
          .map((c) => decodeCommand(c, requireCmdId)),
      };
    default:
      if (!ITEM_COMMANDS.has(el.local)) throw windowsMdmError('unknown_command', `unknown SyncML command ${el.name}`);
      return {
        type: el.local as SyncMlItemCommand['type'],
        cmdId,
        ...noResp,
        ...optional('meta', optionalMeta(el)),
        ...optional('correlator', childText(el, 'Correlator')),
        items: items(el),
      };
  }
}

function items(el: XmlElement): SyncMlItem[] {
  return childElements(el, 'Item').map((item) => {
    const target = firstChild(item, 'Target');
    const source = firstChild(item, 'Source');
    const data = firstChild(item, 'Data');
    return {
      ...optional('target', target && required(target, 'LocURI', 'Item/Target')),
      ...optional('source', source && required(source, 'LocURI', 'Item/Source')),
      ...optional('meta', optionalMeta(item)),
      ...optional('data', data && dataText(data)),
    };
  });
}

/** Data text; when Data holds markup (nested XML), that markup serialized. */
function dataText(data: XmlElement): string {
  return data.children.some((c) => c.kind === 'element') ? serializeXmlNodes(data.children).trim() : textOf(data);
}

function optionalMeta(el: XmlElement): SyncMlMeta | undefined {
  const meta = firstChild(el, 'Meta');
  if (!meta) return undefined;
  return {
    ...optional('format', childText(meta, 'Format')),
    ...optional('type', childText(meta, 'Type')),
    ...optional('size', childText(meta, 'Size')),
    ...optional('nextNonce', childText(meta, 'NextNonce')),
    ...optional('maxMsgSize', childText(meta, 'MaxMsgSize')),
    ...optional('maxObjSize', childText(meta, 'MaxObjSize')),
  };
}

function required(el: XmlElement, local: string, path: string): string {
  const value = childText(el, local);
  if (value === undefined || value === '') throw windowsMdmError('missing_element', `${path}/${local} is missing or empty`);
  return value;
}

/** `{ key: value }` when value is defined, `{}` otherwise (keeps absent fields absent). */
function optional<K extends string, V>(key: K, value: V | undefined | false | null): { [P in K]?: V } {
  return value === undefined || value === false || value === null ? {} : ({ [key]: value } as { [P in K]?: V });
}
