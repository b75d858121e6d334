import { capture, fixtureText, sampleCommand } from '../testing/fixture.loader';
import { buildSyncMlReply } from './syncml-reply.builder';
import { decodeSyncMl, decodeSyncMlCommands } from './syncml.decoder';
import { encodeSyncMl } from './syncml.encoder';
import type { DecodedSyncMlMessage, SyncMlCommand, SyncMlMessage, SyncMlStatus } from './syncml.types';

const SERVER = 'https://windows.fleetdm.ngrok.io/ManagementServer/MDM.svc';
const DEVICE = 'B5B954E81FBCB94EB79BD08BE625F4EE';
const withoutRaw = ({ raw: _raw, ...message }: DecodedSyncMlMessage): SyncMlMessage => message;
const DEV_INFO = {
  type: 'Replace',
  items: [
    { source: './DevInfo/DevId', data: DEVICE },
    { source: './DevInfo/Man', data: 'VMware, Inc.' },
    { source: './DevInfo/Mod', data: 'VMware7,1' },
    { source: './DevInfo/DmV', data: '1.3' },
    { source: './DevInfo/Lang', data: 'en-US' },
  ],
};
const LOGIN_STATUS = { type: 'Alert', cmdId: '3', data: '1224', items: [{ meta: { type: 'com.microsoft/MDM/LoginStatus' }, data: 'user' }] };
const status = (cmdId: string, cmdRef: string, cmd: string): SyncMlStatus => ({
  type: 'Status',
  cmdId,
  msgRef: '1',
  cmdRef,
  cmd,
  targetRefs: [],
  sourceRefs: [],
  data: '200',
  items: [],
});

describe('OMA-DM SyncML 1.2 messages', () => {
  it.each(['09-request-management.xml', '09-request-management.wire.xml'])('decodes the first client message (%s)', (file) => {
    const text = capture(file);
    expect(decodeSyncMl(text)).toEqual({
      header: { verDtd: '1.2', verProto: 'DM/1.2', sessionId: '1', msgId: '1', target: SERVER, source: DEVICE },
      commands: [{ type: 'Alert', cmdId: '2', data: '1201', items: [] }, LOGIN_STATUS, { ...DEV_INFO, cmdId: '4' }],
      final: true,
      raw: text,
    });
  });

  it.each(['11-request-management.xml', '11-request-management.wire.xml'])('decodes the unenrollment message (%s)', (file) => {
    const message = decodeSyncMl(capture(file));
    expect(message.header.sessionId).toBe('2');
    expect(message.commands).toEqual([
      { type: 'Alert', cmdId: '2', data: '1201', items: [] },
      LOGIN_STATUS,
      {
        type: 'Alert',
        cmdId: '4',
        data: '1226',
        items: [{ meta: { type: 'com.microsoft:mdm.unenrollment.userrequest', format: 'int' }, data: '1' }],
      },
      { ...DEV_INFO, cmdId: '5' },
    ]);
  });

  it('decodes the captured server replies despite the whitespace before <?xml', () => {
    expect(withoutRaw(decodeSyncMl(capture('10-response-management.xml')))).toEqual({
      header: { verDtd: '1.2', verProto: 'DM/1.2', sessionId: '1', msgId: '1', target: DEVICE, source: SERVER },
      commands: [status('1', '0', 'SyncHdr'), status('2', '2', 'Alert'), status('3', '3', 'Alert'), status('4', '4', 'Replace')],
      final: true,
    });
    expect(decodeSyncMl(capture('12-response-management.xml')).commands).toEqual([status('1', '0', 'SyncHdr')]);
  });

  it.each(['09-request-management', '11-request-management'])('decodes %s .xml and .wire.xml to the same value', (name) => {
    expect(withoutRaw(decodeSyncMl(capture(`${name}.xml`)))).toEqual(withoutRaw(decodeSyncMl(capture(`${name}.wire.xml`))));
  });

  it.each(['09-request-management.wire.xml', '10-response-management.xml', '11-request-management.xml', '12-response-management.xml'])(
    'round-trips %s through encode',
    (file) => {
      const decoded = withoutRaw(decodeSyncMl(capture(file)));
      expect(withoutRaw(decodeSyncMl(encodeSyncMl(decoded)))).toEqual(decoded);
    },
  );

  it('answers message 09 exactly as the captured reply 10', () => {
    const reply = buildSyncMlReply({ request: decodeSyncMl(capture('09-request-management.wire.xml')), msgId: '1' });
    expect(withoutRaw(decodeSyncMl(encodeSyncMl(reply)))).toEqual(withoutRaw(decodeSyncMl(capture('10-response-management.xml'))));
  });

  it('appends server commands with sequential CmdIDs after the Status commands, nested ones depth first', () => {
    const commands = [
      ...decodeSyncMlCommands(sampleCommand('get_device_name.xml')),
      ...decodeSyncMlCommands(sampleCommand('atomic_install_msi.xml')),
    ];
    const reply = buildSyncMlReply({
      request: decodeSyncMl(capture('11-request-management.wire.xml')),
      msgId: '2',
      firstCmdId: 10,
      statusFor: (c) => (c.type === 'Alert' && c.data === '1226' ? '202' : '200'),
      commands,
    });
    expect(reply.header).toEqual({ verDtd: '1.2', verProto: 'DM/1.2', sessionId: '2', msgId: '2', target: DEVICE, source: SERVER });
    const ids = (cs: readonly SyncMlCommand[]): unknown[] =>
      cs.map((c) => (c.type === 'Atomic' || c.type === 'Sequence' ? [c.type, c.cmdId, ids(c.commands)] : [c.type, c.cmdId]));
    expect(ids(reply.commands)).toEqual([
      ['Status', '10'],
      ['Status', '11'],
      ['Status', '12'],
      ['Status', '13'],
      ['Status', '14'],
      ['Get', '15'],
      ['Atomic', '16', [['Add', '17'], ['Exec', '18']]],
    ]);
    const statuses = reply.commands.filter((c) => c.type === 'Status');
    expect(statuses.map((s) => s.type === 'Status' && [s.cmdRef, s.cmd, s.data])).toEqual([
      ['0', 'SyncHdr', '200'],
      ['2', 'Alert', '200'],
      ['3', 'Alert', '200'],
      ['4', 'Alert', '202'],
      ['5', 'Replace', '200'],
    ]);
    expect(withoutRaw(decodeSyncMl(encodeSyncMl(reply)))).toEqual(reply);
  });

  it('never answers a Status, and answers Results', () => {
    const request: SyncMlMessage = {
      header: { verDtd: '1.2', verProto: 'DM/1.2', sessionId: '9', msgId: '3', target: SERVER, source: DEVICE },
      commands: [
        { ...status('1', '0', 'SyncHdr'), msgRef: '2' },
        {
          type: 'Results',
          cmdId: '2',
          msgRef: '2',
          cmdRef: '15',
          targetRefs: [],
          sourceRefs: [],
          items: [{ source: './DevDetail/Ext/Microsoft/DeviceName', meta: { format: 'chr', type: 'text/plain' }, data: 'DESKTOP-28FGAI6' }],
        },
      ],
      final: true,
    };
    expect(withoutRaw(decodeSyncMl(encodeSyncMl(request)))).toEqual(request);
    const reply = buildSyncMlReply({ request, msgId: '4' });
    expect(reply.commands.map((c) => c.type === 'Status' && `${c.cmdRef}:${c.cmd}:${c.msgRef}`)).toEqual(['0:SyncHdr:3', '2:Results:3']);
  });

  it('round-trips every header and command field', () => {
    const message: SyncMlMessage = {
      header: {
        verDtd: '1.2',
        verProto: 'DM/1.2',
        sessionId: 'A1',
        msgId: '7',
        target: SERVER,
        source: DEVICE,
        respUri: `${SERVER}?s=A1`,
        noResp: true,
        cred: { meta: { format: 'b64', type: 'syncml:auth-md5' }, data: 'c2VjcmV0' },
        meta: { maxMsgSize: '524288', maxObjSize: '1048576' },
      },
      commands: [
        {
          type: 'Status',
          cmdId: '1',
          msgRef: '6',
          cmdRef: '4',
          cmd: 'Get',
          targetRefs: ['./a'],
          sourceRefs: ['./b', './c'],
          chal: { format: 'b64', type: 'syncml:auth-md5', nextNonce: 'bm9uY2U=' },
          data: '401',
          items: [{ data: 'x' }],
        },
        { type: 'Alert', cmdId: '2', noResp: true, data: '1226', correlator: 'c-1', items: [{ source: './x', data: '' }] },
        { type: 'Exec', cmdId: '3', meta: { format: 'xml' }, correlator: 'c-1', items: [{ target: './y', data: '<a b="1">&amp;</a>' }] },
        { type: 'Sequence', cmdId: '4', noResp: true, meta: { type: 'text/plain' }, commands: [{ type: 'Delete', cmdId: '5', items: [{ target: './z' }] }] },
        { type: 'Get', cmdId: '6', items: [{ target: './DevDetail/SwV', meta: { size: '10' } }] },
      ],
      final: false,
    };
    expect(withoutRaw(decodeSyncMl(encodeSyncMl(message)))).toEqual(message);
  });

  it('refuses to encode a command without a CmdID (a stored fragment that was not renumbered)', () => {
    const [get] = decodeSyncMlCommands(sampleCommand('get_hardware_version.xml').replace(/<CmdID>.*<\/CmdID>/, ''));
    const message = { ...withoutRaw(decodeSyncMl(capture('10-response-management.xml'))), commands: get ? [get] : [] };
    expect(() => encodeSyncMl(message)).toThrow(expect.objectContaining({ code: 'invalid_argument' }));
  });
});

describe('SyncML command fragments', () => {
  it.each([
    ['get_device_name.xml', './DevDetail/Ext/Microsoft/DeviceName'],
    ['get_hardware_version.xml', './DevDetail/HwV'],
    ['get_local_time.xml', './DevDetail/Ext/Microsoft/LocalTime'],
    ['get_os_platform.xml', './DevDetail/Ext/Microsoft/OSPlatform'],
  ])('decodes the Get sample %s', (file, target) => {
    expect(decodeSyncMlCommands(sampleCommand(file))).toEqual([{ type: 'Get', cmdId: 'xxcmdidxx', items: [{ target }] }]);
  });

  it.each([
    ['disable_date_time.xml', './Device/Vendor/MSFT/Policy/Config/Settings/AllowDateTime'],
    ['disable_defender_realtime_scanning.xml', './Device/Vendor/MSFT/Policy/Config/Defender/AllowRealtimeMonitoring'],
  ])('decodes the Add sample %s (undeclared A: prefix on Meta children)', (file, target) => {
    expect(decodeSyncMlCommands(sampleCommand(file))).toEqual([
      { type: 'Add', cmdId: 'xxcmdidxx', items: [{ target, meta: { format: 'int', type: 'text/plain' }, data: '0' }] },
    ]);
  });

  it('decodes the Atomic MSI install with its escaped MsiInstallJob', () => {
    const [atomic] = decodeSyncMlCommands(sampleCommand('atomic_install_msi.xml'));
    const uri = './Device/Vendor/MSFT/EnterpriseDesktopAppManagement/MSI/%7B90413BF7-7D99-482E-A7FB-C6616CC871FC%7D/DownloadInstall';
    expect(atomic).toMatchObject({
      type: 'Atomic',
      cmdId: '7',
      commands: [
        { type: 'Add', cmdId: '5', items: [{ target: uri }] },
        { type: 'Exec', cmdId: '6', items: [{ target: uri, meta: { format: 'xml', type: 'text/plain' } }] },
      ],
    });
    const exec = atomic?.type === 'Atomic' ? atomic.commands[1] : undefined;
    const data = exec?.type === 'Exec' ? exec.items[0]?.data : undefined;
    expect(data).toMatch(/^<MsiInstallJob id="\{90413BF7-7D99-482E-A7FB-C6616CC871FC\}"><Product Version="1.4.0">/);
    expect(data).toMatch(/<\/MsiInstallJob>$/);
  });

  it('decodes install_orbit (two sibling commands, CRLF inside Data read as LF)', () => {
    const commands = decodeSyncMlCommands(sampleCommand('install_orbit.xml'));
    expect(commands.map((c) => c.type)).toEqual(['Add', 'Exec']);
    const exec = commands[1];
    const data = exec?.type === 'Exec' ? exec.items[0]?.data : undefined;
    expect(data).toContain('<MsiInstallJob id="{90413bf7-7d99-482e-a7fb-c6616cc871fc}">\n');
    expect(data).not.toContain('\r');
    expect(exec?.type === 'Exec' && exec.items[0]?.meta).toEqual({ type: 'text/plain', format: 'xml' });
  });

  it.each(['windows-device-scep.xml', 'windows-user-scep.xml'])('decodes the Fleet SCEP profile %s (CmdIDs mostly absent)', (file) => {
    const commands = decodeSyncMlCommands(fixtureText(`server/service/testdata/profiles/${file}`));
    expect(commands.map((c) => c.type)).toEqual([...Array<string>(11).fill('Add'), 'Exec']);
    expect(commands.map((c) => c.cmdId).filter((id) => id !== '')).toEqual(['10']);
    const scope = file.startsWith('windows-device') ? './Device' : './User';
    const first = commands[0];
    expect(first?.type === 'Add' && first.items[0]).toEqual({
      target: `${scope}/Vendor/MSFT/ClientCertificateInstall/SCEP/$FLEET_VAR_SCEP_WINDOWS_CERTIFICATE_ID`,
      meta: { format: 'node' },
    });
  });

  it('rejects an element that is not an OMA-DM command', () => {
    expect(() => decodeSyncMlCommands('<Map><CmdID>1</CmdID></Map>')).toThrow(expect.objectContaining({ code: 'unknown_command' }));
  });
});
