/** SyncML MetInf fields this codec reads and writes (`xmlns="syncml:metinf"` on the wire). */
export interface SyncMlMeta {
  /** E.g. int, chr, b64, xml, node, bool. */
  readonly format?: string;
  /** MIME type or URN, e.g. text/plain, com.microsoft/MDM/LoginStatus, syncml:auth-md5. */
  readonly type?: string;
  readonly size?: string;
  readonly nextNonce?: string;
  readonly maxMsgSize?: string;
  readonly maxObjSize?: string;
}

/** A command item: the node it targets / comes from, its metadata and data. */
export interface SyncMlItem {
  /** Target/LocURI (e.g. ./Device/Vendor/MSFT/…), trimmed. */
  readonly target?: string;
  /** Source/LocURI (e.g. ./DevInfo/DevId in a client Replace or a Results item). */
  readonly source?: string;
  readonly meta?: SyncMlMeta;
  /** Data as text, surrounding whitespace trimmed; nested markup is kept as its serialized text. */
  readonly data?: string;
}

/** Status: the answer to one command of the peer's message (Data = status code, e.g. 200). */
export interface SyncMlStatus {
  readonly type: 'Status';
  readonly cmdId: string;
  readonly msgRef: string;
  /** The peer's CmdID, "0" for its SyncHdr. */
  readonly cmdRef: string;
  /** The verb answered (SyncHdr, Alert, Get, …). */
  readonly cmd: string;
  readonly targetRefs: readonly string[];
  readonly sourceRefs: readonly string[];
  /** Authentication challenge (Meta Type syncml:auth-md5, NextNonce). */
  readonly chal?: SyncMlMeta;
  readonly data: string;
  readonly items: readonly SyncMlItem[];
}

/** Results: the values a Get read (items with Source LocURI and Data). */
export interface SyncMlResults {
  readonly type: 'Results';
  readonly cmdId: string;
  readonly msgRef?: string;
  readonly cmdRef: string;
  readonly meta?: SyncMlMeta;
  readonly targetRefs: readonly string[];
  readonly sourceRefs: readonly string[];
  readonly items: readonly SyncMlItem[];
}

/** Alert: 1200/1201 session start, 1222/1223 continue/abort, 1224 client event, 1226 generic alert. */
export interface SyncMlAlert {
  readonly type: 'Alert';
  readonly cmdId: string;
  readonly noResp?: boolean;
  /** The alert code. */
  readonly data: string;
  readonly correlator?: string;
  readonly items: readonly SyncMlItem[];
}

/** Get, Replace, Add, Delete, Exec: operations on management-tree nodes. */
export interface SyncMlItemCommand {
  readonly type: 'Get' | 'Replace' | 'Add' | 'Delete' | 'Exec';
  readonly cmdId: string;
  readonly noResp?: boolean;
  readonly meta?: SyncMlMeta;
  /** Exec only: correlates the later 1226 generic alert. */
  readonly correlator?: string;
  readonly items: readonly SyncMlItem[];
}

/** Atomic (all or nothing) and Sequence (in order) containers of nested commands. */
export interface SyncMlContainer {
  readonly type: 'Atomic' | 'Sequence';
  readonly cmdId: string;
  readonly noResp?: boolean;
  readonly meta?: SyncMlMeta;
  readonly commands: readonly SyncMlCommand[];
}

/** Every SyncBody command, discriminated by its element name. */
export type SyncMlCommand = SyncMlStatus | SyncMlResults | SyncMlAlert | SyncMlItemCommand | SyncMlContainer;

/** The verbs of SyncMlCommand. */
export type SyncMlCommandType = SyncMlCommand['type'];

/** OMA-DM SyncHdr. */
export interface SyncMlHeader {
  /** "1.2". */
  readonly verDtd: string;
  /** "DM/1.2". */
  readonly verProto: string;
  readonly sessionId: string;
  readonly msgId: string;
  /** Target/LocURI: the server URL (client → server) or the DeviceID (server → client). */
  readonly target: string;
  /** Source/LocURI: the DeviceID (client → server) or the server URL. */
  readonly source: string;
  readonly respUri?: string;
  readonly noResp?: boolean;
  /** Client credentials (Meta Type syncml:auth-md5 / auth-basic, Format b64). */
  readonly cred?: { readonly meta?: SyncMlMeta; readonly data: string };
  readonly meta?: SyncMlMeta;
}

/** A SyncML 1.2 message: header, the SyncBody commands in order, and whether Final was set. */
export interface SyncMlMessage {
  readonly header: SyncMlHeader;
  readonly commands: readonly SyncMlCommand[];
  readonly final: boolean;
}

/** A decoded message also keeps the text it came from (signatures and re-parsing need it). */
export interface DecodedSyncMlMessage extends SyncMlMessage {
  readonly raw: string;
}
