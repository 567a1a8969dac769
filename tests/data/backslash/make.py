#!/usr/bin/env python3
"""make.py - writes the inputs of tests/cli/backslash.t: per security_content detection
whose search has an unquoted backslash value (`TargetImage=*\\lsass.exe`), one file of
events made from the real fixture of its data source (../shared/fixtures/xmlwineventlog)
with only the fields edited that the detection looks at. Each file holds the events
that must fire and a look-alike that must not, differing where the backslash matters.

    python3 tests/data/backslash/make.py      (from the repo root; rewrites the files)
"""
import os, re, sys

FIX = '../shared/fixtures/xmlwineventlog/'
OUT = 'tests/data/backslash/'


def fixture(name):
    with open(FIX + name + '.xml', encoding='utf-8') as f:
        return f.read().strip()


def esc(v):
    return v.replace('&', '&amp;').replace('<', '&lt;').replace('>', '&gt;')


def edit(ev, data=None, time=None, record=None, computer=None, version=None):
    """Sets EventData values (a name not present is appended) and System fields."""
    for name, value in (data or {}).items():
        pat = re.compile(r"<Data Name='%s'>[^<]*</Data>" % re.escape(name))
        new = "<Data Name='%s'>%s</Data>" % (name, esc(value))
        if pat.search(ev):
            ev = pat.sub(lambda m: new, ev, count=1)
        else:
            ev = ev.replace('</EventData>', new + '</EventData>', 1)
    if time:
        ev = re.sub(r"SystemTime='[^']*'", "SystemTime='%s'" % time, ev, count=1)
        utc = time.replace('T', ' ')[:23]
        ev = re.sub(r"<Data Name='UtcTime'>[^<]*</Data>",
                    "<Data Name='UtcTime'>%s</Data>" % utc, ev, count=1)
    if record:
        ev = re.sub(r'<EventRecordID>\d+</EventRecordID>',
                    '<EventRecordID>%d</EventRecordID>' % record, ev, count=1)
    if computer:
        ev = re.sub(r'<Computer>[^<]*</Computer>', '<Computer>%s</Computer>' % computer, ev, count=1)
    if version:
        ev = re.sub(r'<Version>\d+</Version>', '<Version>%s</Version>' % version, ev, count=1)
    return ev


def write(name, events, ext='.xml'):
    with open(OUT + name + ext, 'w', encoding='utf-8') as f:
        for ev in events:
            f.write(ev + '\n')


# Sysmon 1 and Security 4688 feed Endpoint.Processes; the fixture's Sysmon 1 is a cmd.exe
# started by an Atomic Red Team PowerShell. Derived events get a short cmd.exe parent.
S1 = fixture('sysmon_eventid_1')
CMD_PARENT = {'ParentImage': r'C:\Windows\System32\cmd.exe',
              'ParentCommandLine': r'"C:\Windows\system32\cmd.exe" ',
              'ParentProcessId': '5144',
              'ParentProcessGuid': '{96128EA2-F301-5F7E-1B01-000000007F01}'}


def proc(image, ofn, desc, cmdline, pid, record, time, parent=CMD_PARENT, **more):
    data = {'Image': image, 'OriginalFileName': ofn, 'Description': desc,
            'CommandLine': cmdline, 'ProcessId': str(pid),
            'ProcessGuid': '{96128EA2-F3%02X-5F7E-%04X-000000007F01}' % (record % 256, pid)}
    data.update(parent)
    data.update(more)
    return edit(S1, data, time=time, record=record)


REG = (r'C:\Windows\System32\reg.exe', 'reg.exe', 'Registry Console Tool')
CMD = (r'C:\Windows\System32\cmd.exe', 'Cmd.Exe', 'Windows Command Processor')
WMIC = (r'C:\Windows\System32\wbem\WMIC.exe', 'wmic.exe', 'WMI Commandline Utility')
AT = (r'C:\Windows\System32\at.exe', 'AT.EXE', 'Schedule service command line interface')
SC = (r'C:\Windows\System32\sc.exe', 'sc.exe', 'Service Control Manager Configuration Tool')
SCHTASKS = (r'C:\Windows\System32\schtasks.exe', 'schtasks.exe', 'Task Scheduler Configuration Tool')


def main():
    if not os.path.isdir(FIX):
        sys.exit('make.py: %s: not found (run from the repo root, next to ../shared)' % FIX)

    # --- Endpoint.Processes (Sysmon 1) ---
    write('attempted_credential_dump_from_registry_via_reg_exe', [
        S1,  # the fixture itself: cmd /c "reg save HKLM\sam ... HKLM\system ... HKLM\security"
        proc(*REG, r'reg.exe save HKLM\SOFTWARE\Policies\Microsoft\Windows\System C:\Backup\gpo_system.hiv /y',
             6012, 4530, '2020-10-08T11:05:12.204411200Z'),
    ])
    write('credential_dumping_via_copy_command_from_shadow_copy', [
        proc(*CMD, r'cmd.exe /c copy \\?\GLOBALROOT\Device\HarddiskVolumeShadowCopy1\Windows\System32\config\SAM C:\Windows\Temp\sam.save',
             6120, 4531, '2020-10-08T11:06:01.118342700Z'),
        proc(*CMD, r'cmd.exe /c copy C:/Windows/System32/config/SAM C:\Windows\Temp\sam.save',
             6184, 4532, '2020-10-08T11:06:20.541002900Z'),
    ])
    ldap = r'wmic /NAMESPACE:\\root\directory\ldap '
    ldap1 = r'wmic /NAMESPACE:\root\directory\ldap '
    write('domain_group_discovery_with_wmic', [
        proc(*WMIC, ldap + 'PATH ds_group GET ds_samaccountname', 6240, 4533, '2020-10-08T11:07:02.330145100Z'),
        proc(*WMIC, ldap1 + 'PATH ds_group GET ds_samaccountname', 6252, 4534, '2020-10-08T11:07:09.870021300Z'),
    ])
    admins = r'''PATH ds_group where "ds_samaccountname='Domain Admins'" GET ds_member /Value'''
    write('elevated_group_discovery_with_wmic', [
        proc(*WMIC, ldap + admins, 6304, 4535, '2020-10-08T11:08:14.102235600Z'),
        proc(*WMIC, ldap1 + admins, 6316, 4536, '2020-10-08T11:08:21.664580400Z'),
    ])
    write('remote_system_discovery_with_wmic', [
        proc(*WMIC, ldap + 'PATH ds_computer GET ds_samaccountname', 6368, 4537, '2020-10-08T11:09:30.007713900Z'),
        proc(*WMIC, ldap1 + 'PATH ds_computer GET ds_samaccountname', 6380, 4538, '2020-10-08T11:09:37.519246000Z'),
    ])
    write('scheduled_task_creation_on_remote_endpoint_using_at', [
        proc(*AT, r'at.exe \\WIN-DC-2 23:30 C:\Windows\Temp\update.bat', 6432, 4539, '2020-10-08T11:10:41.259930500Z'),
        proc(*AT, r'at.exe 23:30 /every:M C:\Windows\Temp\update.bat', 6444, 4540, '2020-10-08T11:10:48.800017200Z'),
    ])
    write('suspicious_msbuild_path', [
        proc(r'C:\Users\Public\MSBuild.exe', 'MSBuild.exe', 'MSBuild.exe',
             r'C:\Users\Public\MSBuild.exe C:\Users\Public\payload.xml',
             6496, 4541, '2020-10-08T11:11:52.447128800Z'),
        proc(r'C:\Windows\Microsoft.NET\Framework64\v4.0.30319\MSBuild.exe', 'MSBuild.exe', 'MSBuild.exe',
             r'C:\Windows\Microsoft.NET\Framework64\v4.0.30319\MSBuild.exe C:\Build\app.proj',
             6508, 4542, '2020-10-08T11:11:59.988654100Z',
             parent={'ParentImage': r'C:\Program Files\Git\bin\bash.exe',
                     'ParentCommandLine': r'"C:\Program Files\Git\bin\bash.exe" --login -i',
                     'ParentProcessId': '5920',
                     'ParentProcessGuid': '{96128EA2-F3A0-5F7E-2201-000000007F01}'}),
    ])
    write('suspicious_scheduled_task_from_public_directory', [
        proc(*SCHTASKS, r'schtasks.exe /create /sc minute /mo 15 /tn "OneDrive Update" /tr C:\Users\Public\onedrive_update.exe /f',
             6560, 4543, '2020-10-08T11:13:03.635842700Z'),
        proc(*SCHTASKS, r'schtasks.exe /create /sc minute /mo 15 /tn "OneDrive Update" /tr C:\Users\PublicAdmin\AppData\Local\onedrive_update.exe /f',
             6572, 4544, '2020-10-08T11:13:11.176367900Z'),
    ])
    local_create = r'sc.exe create RemoteUpdater binpath= "C:\Windows\Temp\updater.exe" start= auto'
    write('windows_service_creation_on_remote_endpoint', [
        proc(*SC, r'sc.exe \\WIN-DC-2 create RemoteUpdater binpath= "C:\Windows\Temp\updater.exe" start= auto',
             6624, 4545, '2020-10-08T11:14:14.823557300Z'),
        proc(*SC, local_create, 6636, 4546, '2020-10-08T11:14:22.364081500Z'),
    ])
    write('windows_service_initiation_on_remote_endpoint', [
        proc(*SC, r'sc.exe \\WIN-DC-2 start RemoteUpdater', 6688, 4547, '2020-10-08T11:15:26.011271800Z'),
        proc(*SC, local_create, 6700, 4548, '2020-10-08T11:15:33.551796000Z'),
    ])

    # --- Sysmon 10: the fixture is Rubeus opening winlogon.exe with 0x1f3fff ---
    s10 = fixture('sysmon_eventid_10')
    write('rubeus_kerberos_ticket_exports_through_winlogon_access', [
        s10,
        edit(s10, {'SourceImage': r'C:\Windows\system32\svchost.exe', 'SourceProcessId': '868',
                   'SourceProcessGUID': '{3BF36828-4B38-61E8-1000-00000000CF01}'},
             time='2022-02-01T21:02:10.118203400Z', record=150624431),
        edit(s10, {'SourceImage': r'C:\Windows\Temp\svchost.exe', 'SourceProcessId': '4410',
                   'SourceProcessGUID': '{3BF36828-A021-61F9-5C0A-02000000CF01}'},
             time='2022-02-01T21:03:27.540981200Z', record=150624467),
    ])
    lsass = {'TargetImage': r'C:\Windows\system32\lsass.exe', 'TargetProcessId': '652',
             'TargetProcessGUID': '{3BF36828-4B36-61E8-0C00-00000000CF01}',
             'GrantedAccess': '0x1fffff',
             'CallTrace': r'C:\Windows\SYSTEM32\ntdll.dll+9d1e4|C:\Windows\System32\KERNELBASE.dll+2bcbe|C:\Windows\SYSTEM32\dbgcore.DLL+6e4c|C:\Windows\SYSTEM32\dbgcore.DLL+6c84|UNKNOWN(00007FF6A1B21E8D)',
             'SourceImage': r'C:\Users\Public\procdump64.exe', 'SourceProcessId': '5316',
             'SourceProcessGUID': '{3BF36828-A110-61F9-6A0A-02000000CF01}',
             'SourceUser': r'ATTACKRANGE\Administrator', 'TargetUser': r'NT AUTHORITY\SYSTEM'}
    write('windows_possible_credential_dumping', [
        edit(s10, lsass, time='2022-02-01T21:05:40.201144900Z', record=150624502),
        edit(s10, dict(lsass, TargetImage=r'C:\Tools\notlsass.exe', TargetProcessId='5530',
                       TargetProcessGUID='{3BF36828-A111-61F9-6B0A-02000000CF01}',
                       TargetUser=r'ATTACKRANGE\Administrator'),
             time='2022-02-01T21:05:52.743306100Z', record=150624509),
        edit(s10, dict(lsass, SourceImage=r'C:\Windows\system32\wbem\wmiprvse.exe', SourceProcessId='2844',
                       SourceProcessGUID='{3BF36828-4B40-61E8-2300-00000000CF01}',
                       SourceUser=r'NT AUTHORITY\NETWORK SERVICE'),
             time='2022-02-01T21:06:03.285467300Z', record=150624515),
    ])
    notepad = {'SourceImage': r'C:\Users\Public\update_x64.exe', 'SourceProcessId': '3880',
               'SourceProcessGUID': '{3BF36828-A200-61F9-7A0A-02000000CF01}',
               'TargetImage': r'C:\Windows\system32\notepad.exe', 'TargetProcessId': '4012',
               'TargetProcessGUID': '{3BF36828-A201-61F9-7B0A-02000000CF01}',
               'GrantedAccess': '0x1fffff',
               'CallTrace': r'C:\Windows\SYSTEM32\ntdll.dll+9d1e4|C:\Windows\System32\KERNELBASE.dll+2bcbe|UNKNOWN(000000C0001B2D40)'}
    write('windows_process_injection_into_notepad', [
        edit(s10, notepad, time='2022-02-01T21:08:14.930271800Z', record=150624561),
        edit(s10, dict(notepad, TargetImage=r'C:\Tools\mynotepad.exe', TargetProcessId='4120',
                       TargetProcessGUID='{3BF36828-A202-61F9-7C0A-02000000CF01}'),
             time='2022-02-01T21:08:22.470796000Z', record=150624566),
    ])

    # --- Sysmon 17/18: the fixtures are a beacon.exe creating and connecting \MSSE-1516-server ---
    s17, s18 = fixture('sysmon_eventid_17'), fixture('sysmon_eventid_18')
    write('cobalt_strike_named_pipes', [
        s17, s18,
        edit(s17, {'PipeName': 'MSSE-1516-server'}, time='2021-04-19T21:00:25.402113500Z', record=162181),
    ])

    # --- Sysmon 9: the fixture is C:\Temp\c.exe reading \Device\HarddiskVolume1 raw ---
    s9 = fixture('sysmon_eventid_9')
    write('windows_raw_access_to_disk_volume_partition', [
        s9,
        edit(s9, {'Device': r'\Device\Harddisk0\DR0'}, time='2022-02-25T12:25:34.891734700Z', record=190611),
    ])
    write('windows_raw_access_to_master_boot_record_drive', [
        edit(s9, {'Device': r'\Device\Harddisk0\DR0'}, time='2022-02-25T12:25:34.891734700Z', record=190611),
        edit(s9, {'Device': r'\Device\Harddisk0\Partition0'}, time='2022-02-25T12:25:35.407299100Z', record=190612),
    ])

    # --- Security 4663: the fixture (ScreenConnect writing an .aspx into App_Extensions)
    # is cut after AccessList upstream; the rest follows the 4663 schema.
    s4663 = fixture('windows_event_log_security_4663')
    s4663 = s4663[:s4663.index("<Data Name='AccessList'>")] + (
        "<Data Name='AccessList'>%%4417</Data><Data Name='AccessMask'>0x2</Data>"
        "<Data Name='ProcessId'>0x1c84</Data>"
        "<Data Name='ProcessName'>C:\\Program Files (x86)\\ScreenConnect\\ScreenConnect.Service.exe</Data>"
        "<Data Name='ResourceAttributes'></Data></EventData></Event>")
    write('connectwise_screenconnect_path_traversal_windows_sacl', [
        s4663,
        edit(s4663, {'ProcessName': r'C:\Program Files (x86)\ScreenConnect\NotScreenConnect.Service.exe',
                     'ProcessId': '0x1d10'},
             time='2024-02-21T14:08:41.993888500Z', record=10525874),
    ])
    hive = {'ObjectName': r'\Device\HarddiskVolumeShadowCopy1\Windows\System32\config\SAM',
            'AccessList': '%%4416', 'AccessMask': '0x1', 'ProcessId': '0x1f20',
            'ProcessName': r'C:\Users\Administrator\Downloads\HiveNightmare.exe'}
    write('sam_database_file_access_attempt', [
        edit(s4663, hive, time='2024-02-21T14:10:02.117405100Z', record=10525901),
        edit(s4663, dict(hive, ProcessName=r'C:\Windows\System32\dllhost.exe', ProcessId='0x2b4'),
             time='2024-02-21T14:10:09.657929300Z', record=10525905),
    ])
    discord = {'ObjectName': r'C:\Users\Administrator\AppData\Roaming\discord\Local Storage\leveldb\000005.ldb',
               'AccessList': '%%4416', 'AccessMask': '0x1', 'ProcessId': '0x2254',
               'ProcessName': r'C:\Users\Administrator\AppData\Local\Temp\snake.exe'}
    write('windows_non_discord_app_access_discord_leveldb', [
        edit(s4663, discord, time='2024-02-21T14:12:20.338711400Z', record=10525950),
        edit(s4663, dict(discord, ProcessName=r'C:\Users\Administrator\AppData\Local\Discord\app-1.0.9147\Discord.exe',
                         ProcessId='0x1a38'),
             time='2024-02-21T14:12:27.879235600Z', record=10525953),
    ])
    outlook = {'ObjectType': 'Key',
               'ObjectName': r'\REGISTRY\USER\S-1-5-21-3208823315-3186612519-3154741652-500\SOFTWARE\Microsoft\Office\16.0\Outlook\Profiles\Outlook\9375CFF0413111d3B88A00104B2A6676',
               'AccessList': '%%4432', 'AccessMask': '0x1', 'ProcessId': '0x2254',
               'ProcessName': r'C:\Users\Administrator\AppData\Local\Temp\snake.exe'}
    write('windows_unsecured_outlook_credentials_access_in_registry', [
        edit(s4663, outlook, time='2024-02-21T14:13:31.525424900Z', record=10525977),
        edit(s4663, dict(outlook, ProcessName=r'C:\Program Files\Microsoft Office\root\Office16\OUTLOOK.EXE',
                         ProcessId='0x1b5c'),
             time='2024-02-21T14:13:39.065949100Z', record=10525980),
    ])

    # --- PowerShell scripted input (powershell://SubjectInterfacePackage): key=value lines,
    # one per registered SIP; trawl reads them with --sourcetype PwSh:SubjectInterfacePackage.
    oid = r'HKLM:\SOFTWARE\Microsoft\Cryptography\OID\EncodingType 0\CryptSIPDllGetSignedDataMsg'
    write('windows_sip_provider_inventory', [
        '2024-07-18T10:00:00Z PSComputerName="ar-win-2.attackrange.local" Path="%s\\{603BCC1F-4B59-4E08-B724-D2C6297EF351}" Dll="C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\pwrshsip.dll" FuncName="PsGetSignature"' % oid,
        '2024-07-18T10:00:00Z PSComputerName="ar-win-2.attackrange.local" Path="%s\\{C689AAB8-8E78-11D0-8C47-00C04FC295EE}" Dll="WINTRUST.DLL" FuncName="CryptSIPGetSignedDataMsg"' % oid,
    ], ext='.log')


if __name__ == '__main__':
    main()
