# Issue 14: an unquoted backslash escape in a search value means one backslash, as the
# quoted form does (docs/spl.md "Quotes and backslashes"). These are the 21 detections of
# Splunk's security_content whose search has such a value; before f94b400 the runnable
# ones missed (or, for a `!=` value, over-fired). Each runs over tests/data/backslash/NAME,
# events made from the real fixture of its data source (tests/data/backslash/make.py):
# the events that must fire, and a look-alike that differs only where the backslash
# matters and must not.
#
# Eight of them group by fields the Splunk add-on computes (process_name, process_path,
# signature, src_user, granted_access, object_file_path, EventDescription ...), which
# trawl builds as the add-on does (docs/fields.md): each prints the one row named in its
# comment (event 1 of its file), not the look-alike. The backslash part of their search
# also runs as an ad-hoc search over the same input.

# --- Endpoint.Processes (tstats over Sysmon 1) ---

# The fixture itself, cmd /c "reg save HKLM\sam ...", matches *HKLM\\SAM*; the look-alike
# saves HKLM\SOFTWARE\...\System: one backslash is one character, not a run of them.
$ trawl run --content ../shared/security_content -d attempted_credential_dump_from_registry_via_reg_exe -f csv tests/data/backslash/attempted_credential_dump_from_registry_via_reg_exe.xml
dest,user,parent_process,parent_process_name,process_name,original_file_name,process,process_id,parent_process_id,count,firstTime,lastTime,source_file
win-dc-6764986.attackrange.local,ATTACKRANGE\Administrator,"""powershell.exe"" -noninteractive -encodedcommand WwBDAG8AbgBzAG8AbABlAF0AOgA6AEkAbgBwAHUAdABFAG4AYwBvAGQAaQBuAGcAIAA9ACAATgBlAHcALQBPAGIAagBlAGMAdAAgAFQAZQB4AHQALgBVAFQARgA4AEUAbgBjAG8AZABpAG4AZwAgACQAZgBhAGwAcwBlADsAIABJAG0AcABvAHIAdAAtAE0AbwBkAHUAbABlACAAIgBDADoAXABBAHQAbwBtAGkAYwBSAGUAZABUAGUAYQBtAFwAaQBuAHYAbwBrAGUALQBhAHQAbwBtAGkAYwByAGUAZAB0AGUAYQBtAFwASQBuAHYAbwBrAGUALQBBAHQAbwBtAGkAYwBSAGUAZABUAGUAYQBtAC4AcABzAGQAMQAiACAALQBGAG8AcgBjAGUACgBJAG4AdgBvAGsAZQAtAEEAdABvAG0AaQBjAFQAZQBzAHQAIAAiAFQAMQAwADAAMwAuADAAMAAyACIAIAAtAEMAbwBuAGYAaQByAG0AOgAkAGYAYQBsAHMAZQAgAC0AVABpAG0AZQBvAHUAdABTAGUAYwBvAG4AZABzACAAMwAwADAAIAAtAEUAeABlAGMAdQB0AGkAbwBuAEwAbwBnAFAAYQB0AGgAIABDADoAXABBAHQAbwBtAGkAYwBSAGUAZABUAGUAYQBtAFwAYQB0AGMAXwBlAHgAZQBjAHUAdABpAG8AbgAuAGMAcwB2AA==",powershell.exe,cmd.exe,Cmd.Exe,"""C:\Windows\system32\cmd.exe"" /c ""reg save HKLM\sam %%temp%%\sam & reg save HKLM\system %%temp%%\system & reg save HKLM\security %%temp%%\security"" ",2296,4624,1,2020-10-08T11:03:46,2020-10-08T11:03:46,tests/data/backslash/attempted_credential_dump_from_registry_via_reg_exe.xml

# copy of config\SAM from a shadow copy matches *\\system32\\config\\sam*; the same copy
# written with forward slashes (which Windows accepts) does not: a backslash is no wildcard.
$ trawl run --content ../shared/security_content -d credential_dumping_via_copy_command_from_shadow_copy -f csv tests/data/backslash/credential_dumping_via_copy_command_from_shadow_copy.xml
dest,user,process_name,process,parent_process,original_file_name,process_id,parent_process_id,parent_process_name,count,firstTime,lastTime,source_file
win-dc-6764986.attackrange.local,ATTACKRANGE\Administrator,cmd.exe,cmd.exe /c copy \\?\GLOBALROOT\Device\HarddiskVolumeShadowCopy1\Windows\System32\config\SAM C:\Windows\Temp\sam.save,"""C:\Windows\system32\cmd.exe"" ",Cmd.Exe,6120,5144,cmd.exe,1,2020-10-08T11:06:01,2020-10-08T11:06:01,tests/data/backslash/credential_dumping_via_copy_command_from_shadow_copy.xml

# wmic /NAMESPACE:\\root\directory\ldap matches */NAMESPACE:\\\\root\\directory\\ldap*
# (four backslashes are two); the look-alike with one leading backslash does not.
$ trawl run --content ../shared/security_content -d domain_group_discovery_with_wmic -f csv tests/data/backslash/domain_group_discovery_with_wmic.xml
dest,user,parent_process,process_name,process,process_id,parent_process_id,count,firstTime,lastTime,source_file
win-dc-6764986.attackrange.local,ATTACKRANGE\Administrator,"""C:\Windows\system32\cmd.exe"" ",WMIC.exe,wmic /NAMESPACE:\\root\directory\ldap PATH ds_group GET ds_samaccountname,6240,5144,1,2020-10-08T11:07:02,2020-10-08T11:07:02,tests/data/backslash/domain_group_discovery_with_wmic.xml

# Same namespace test, for the query of Domain Admins members.
$ trawl run --content ../shared/security_content -d elevated_group_discovery_with_wmic -f csv tests/data/backslash/elevated_group_discovery_with_wmic.xml
dest,user,parent_process,process_name,process,process_id,parent_process_id,count,firstTime,lastTime,source_file
win-dc-6764986.attackrange.local,ATTACKRANGE\Administrator,"""C:\Windows\system32\cmd.exe"" ",WMIC.exe,"wmic /NAMESPACE:\\root\directory\ldap PATH ds_group where ""ds_samaccountname='Domain Admins'"" GET ds_member /Value",6304,5144,1,2020-10-08T11:08:14,2020-10-08T11:08:14,tests/data/backslash/elevated_group_discovery_with_wmic.xml

# Same namespace test, for the listing of domain computers.
$ trawl run --content ../shared/security_content -d remote_system_discovery_with_wmic -f csv tests/data/backslash/remote_system_discovery_with_wmic.xml
dest,user,parent_process,process_name,process,process_id,parent_process_id,count,firstTime,lastTime,source_file
win-dc-6764986.attackrange.local,ATTACKRANGE\Administrator,"""C:\Windows\system32\cmd.exe"" ",WMIC.exe,wmic /NAMESPACE:\\root\directory\ldap PATH ds_computer GET ds_samaccountname,6368,5144,1,2020-10-08T11:09:30,2020-10-08T11:09:30,tests/data/backslash/remote_system_discovery_with_wmic.xml

# at.exe \\WIN-DC-2 (a remote host) matches *\\\\* (two backslashes); a local at.exe job
# whose path holds single backslashes does not.
$ trawl run --content ../shared/security_content -d scheduled_task_creation_on_remote_endpoint_using_at -f csv tests/data/backslash/scheduled_task_creation_on_remote_endpoint_using_at.xml
dest,user,parent_process_name,process_name,process,process_id,parent_process_id,count,firstTime,lastTime,source_file
win-dc-6764986.attackrange.local,ATTACKRANGE\Administrator,cmd.exe,at.exe,at.exe \\WIN-DC-2 23:30 C:\Windows\Temp\update.bat,6432,5144,1,2020-10-08T11:10:41,2020-10-08T11:10:41,tests/data/backslash/scheduled_task_creation_on_remote_endpoint_using_at.xml

# MSBuild.exe run from C:\Users\Public fires; the real one under
# \Framework64\v4.0.30319\ is excluded by process_path!=*\\framework*\\v*\\* (before the
# fix that exclusion never held and both fired).
$ trawl run --content ../shared/security_content -d suspicious_msbuild_path -f csv tests/data/backslash/suspicious_msbuild_path.xml
dest,original_file_name,parent_process,user,count,process_name,process,firstTime,lastTime,source_file
win-dc-6764986.attackrange.local,MSBuild.exe,"""C:\Windows\system32\cmd.exe"" ",ATTACKRANGE\Administrator,1,MSBuild.exe,C:\Users\Public\MSBuild.exe C:\Users\Public\payload.xml,2020-10-08T11:11:52,2020-10-08T11:11:52,tests/data/backslash/suspicious_msbuild_path.xml

# schtasks /create running C:\Users\Public\... matches *\\users\\public\\*; the same task
# under the profile C:\Users\PublicAdmin\ does not: the trailing backslash is required.
$ trawl run --content ../shared/security_content -d suspicious_scheduled_task_from_public_directory -f csv tests/data/backslash/suspicious_scheduled_task_from_public_directory.xml
dest,user,parent_process,process_name,process,process_id,parent_process_id,count,firstTime,lastTime,source_file
win-dc-6764986.attackrange.local,ATTACKRANGE\Administrator,"""C:\Windows\system32\cmd.exe"" ",schtasks.exe,"schtasks.exe /create /sc minute /mo 15 /tn ""OneDrive Update"" /tr C:\Users\Public\onedrive_update.exe /f",6560,5144,1,2020-10-08T11:13:03,2020-10-08T11:13:03,tests/data/backslash/suspicious_scheduled_task_from_public_directory.xml

# sc.exe \\WIN-DC-2 create ... binpath= matches *\\\\*; the same service created locally,
# with single backslashes in its binpath, does not.
$ trawl run --content ../shared/security_content -d windows_service_creation_on_remote_endpoint -f csv tests/data/backslash/windows_service_creation_on_remote_endpoint.xml
dest,user,parent_process_name,process_name,process,process_id,parent_process_id,count,firstTime,lastTime,source_file
win-dc-6764986.attackrange.local,ATTACKRANGE\Administrator,cmd.exe,sc.exe,"sc.exe \\WIN-DC-2 create RemoteUpdater binpath= ""C:\Windows\Temp\updater.exe"" start= auto",6624,5144,1,2020-10-08T11:14:14,2020-10-08T11:14:14,tests/data/backslash/windows_service_creation_on_remote_endpoint.xml

# sc.exe \\WIN-DC-2 start matches *\\\\* and *start*; a local create with start= auto and a
# single-backslash binpath does not.
$ trawl run --content ../shared/security_content -d windows_service_initiation_on_remote_endpoint -f csv tests/data/backslash/windows_service_initiation_on_remote_endpoint.xml
dest,user,parent_process_name,process_name,process,process_id,parent_process_id,count,firstTime,lastTime,source_file
win-dc-6764986.attackrange.local,ATTACKRANGE\Administrator,cmd.exe,sc.exe,sc.exe \\WIN-DC-2 start RemoteUpdater,6688,5144,1,2020-10-08T11:15:26,2020-10-08T11:15:26,tests/data/backslash/windows_service_initiation_on_remote_endpoint.xml

# --- Sysmon 10 (process access) ---

# The fixture, Rubeus opening C:\Windows\system32\winlogon.exe with 0x1f3fff, fires, and so
# does a svchost.exe masquerading from C:\Windows\Temp; the real
# C:\Windows\system32\svchost.exe is excluded by its exact backslash value.
$ trawl run --content ../shared/security_content -d rubeus_kerberos_ticket_exports_through_winlogon_access -f csv tests/data/backslash/rubeus_kerberos_ticket_exports_through_winlogon_access.xml
dest,SourceImage,SourceProcessId,TargetImage,TargetProcessId,EventCode,GrantedAccess,count,firstTime,lastTime,source_file
win-dc-128.attackrange.local,C:\Tools\Rubeus.exe,1272,C:\Windows\system32\winlogon.exe,572,10,0x1f3fff,1,2022-02-01T21:01:44,2022-02-01T21:01:44,tests/data/backslash/rubeus_kerberos_ticket_exports_through_winlogon_access.xml
win-dc-128.attackrange.local,C:\Windows\Temp\svchost.exe,4410,C:\Windows\system32\winlogon.exe,572,10,0x1f3fff,1,2022-02-01T21:03:27,2022-02-01T21:03:27,tests/data/backslash/rubeus_kerberos_ticket_exports_through_winlogon_access.xml

# A process in C:\Users\Public injecting into C:\Windows\system32\notepad.exe matches
# *\\notepad.exe; C:\Tools\mynotepad.exe does not: the backslash anchors the name.
$ trawl run --content ../shared/security_content -d windows_process_injection_into_notepad -f csv tests/data/backslash/windows_process_injection_into_notepad.xml
dest,SourceImage,TargetImage,GrantedAccess,CallTrace,count,firstTime,lastTime,source_file
win-dc-128.attackrange.local,C:\Users\Public\update_x64.exe,C:\Windows\system32\notepad.exe,0x1fffff,C:\Windows\SYSTEM32\ntdll.dll+9d1e4|C:\Windows\System32\KERNELBASE.dll+2bcbe|UNKNOWN(000000C0001B2D40),1,2022-02-01T21:08:14,2022-02-01T21:08:14,tests/data/backslash/windows_process_injection_into_notepad.xml

# `granted_access` is the add-on's field. One row: procdump64.exe
# opening C:\Windows\system32\lsass.exe. Not C:\Tools\notlsass.exe, not wmiprvse.exe as
# NT AUTHORITY\NETWORK SERVICE (excluded by a quoted "NT AUTHORITY\\NETWORK SERVICE").
$ trawl run --content ../shared/security_content -d windows_possible_credential_dumping -f csv tests/data/backslash/windows_possible_credential_dumping.xml
dest,SourceImage,GrantedAccess,TargetImage,SourceProcessId,user,TargetUser,count,firstTime,lastTime,source_file
win-dc-128.attackrange.local,C:\Users\Public\procdump64.exe,0x1fffff,C:\Windows\system32\lsass.exe,5316,ATTACKRANGE\Administrator,NT AUTHORITY\SYSTEM,1,2022-02-01T21:05:40,2022-02-01T21:05:40,tests/data/backslash/windows_possible_credential_dumping.xml

# Its backslash terms as written, without the granted_access term.
$ trawl search --content ../shared/security_content -f csv '`sysmon` EventCode=10 TargetImage=*\\lsass.exe CallTrace IN ("*dbgcore.dll*", "*dbghelp.dll*", "*ntdll.dll*", "*kernelbase.dll*", "*kernel32.dll*") NOT SourceUser IN ("NT AUTHORITY\\SYSTEM", "NT AUTHORITY\\NETWORK SERVICE") | stats count by SourceImage TargetImage SourceUser' tests/data/backslash/windows_possible_credential_dumping.xml
SourceImage,TargetImage,SourceUser,count
C:\Users\Public\procdump64.exe,C:\Windows\system32\lsass.exe,ATTACKRANGE\Administrator,1

# --- Sysmon 17/18 (pipes) ---

# `process_name`, `process_path` are the add-on's. One row:
# the fixtures' beacon.exe creating and connecting \MSSE-1516-server (count 2); the bare
# name MSSE-1516-server does not match \\MSSE-*.
$ trawl run --content ../shared/security_content -d cobalt_strike_named_pipes -f csv tests/data/backslash/cobalt_strike_named_pipes.xml
dest,process_name,process_id,process_path,PipeName,count,firstTime,lastTime,source_file
win-dc-982.attackrange.local,beacon.exe,6960,C:\Users\Administrator\Desktop\beacon.exe,\MSSE-1516-server,2,2021-04-19T21:00:18,2021-04-19T21:00:19,tests/data/backslash/cobalt_strike_named_pipes.xml

$ trawl search --content ../shared/security_content -f csv '`sysmon` EventID=17 OR EventID=18 PipeName IN (\\msagent_*, \\DserNamePipe*, \\srvsvc_*, \\postex_*, \\status_*, \\MSSE-*, \\spoolss_*, \\win_svc*, \\ntsvcs*, \\winsock*, \\UIA_PIPE*) | stats count by dest PipeName' tests/data/backslash/cobalt_strike_named_pipes.xml
dest,PipeName,count
win-dc-982.attackrange.local,\MSSE-1516-server,2

# --- Sysmon 9 (raw disk access) ---

# `signature`, `process_guid`, `process_name`, `process_path` are the
# add-on's. One row: the fixture, C:\Temp\c.exe reading \Device\HarddiskVolume1
# (\\Device\\HarddiskVolume*); not the same process reading \Device\Harddisk0\DR0.
$ trawl run --content ../shared/security_content -d windows_raw_access_to_disk_volume_partition -f csv tests/data/backslash/windows_raw_access_to_disk_volume_partition.xml
dest,signature,signature_id,process_guid,process_name,process_path,Device,count,firstTime,lastTime,source_file
win-dc-tcontreras-attack-range-478.attackrange.local,RawAccessRead detected,9,{414E8EDF-CABB-6218-F103-000000003702},c.exe,C:\Temp\c.exe,\Device\HarddiskVolume1,1,2022-02-25T12:25:33,2022-02-25T12:25:33,tests/data/backslash/windows_raw_access_to_disk_volume_partition.xml

$ trawl search --content ../shared/security_content -f csv '`sysmon` EventCode=9 Device = \\Device\\HarddiskVolume* NOT (Image IN("*\\Windows\\System32\\*", "*\\Windows\\SysWOW64\\*")) | stats count by Image Device' tests/data/backslash/windows_raw_access_to_disk_volume_partition.xml
Image,Device,count
C:\Temp\c.exe,\Device\HarddiskVolume1,1

# `EventDescription` is the add-on's. One row: C:\Temp\c.exe
# reading \Device\Harddisk0\DR0 (exactly \\Device\\Harddisk0\\DR0), not \Device\Harddisk0\Partition0.
$ trawl run --content ../shared/security_content -d windows_raw_access_to_master_boot_record_drive -f csv tests/data/backslash/windows_raw_access_to_master_boot_record_drive.xml
dest,Image,Device,ProcessGuid,ProcessId,EventDescription,EventCode,count,firstTime,lastTime,source_file
win-dc-tcontreras-attack-range-478.attackrange.local,C:\Temp\c.exe,\Device\Harddisk0\DR0,{414E8EDF-CABB-6218-F103-000000003702},6068,RawAccessRead detected,9,1,2022-02-25T12:25:34,2022-02-25T12:25:34,tests/data/backslash/windows_raw_access_to_master_boot_record_drive.xml

$ trawl search --content ../shared/security_content -f csv '`sysmon` EventCode=9 Device = \\Device\\Harddisk0\\DR0 NOT (Image IN("*\\Windows\\System32\\*", "*\\Windows\\SysWOW64\\*")) | stats count by Computer Image Device ProcessGuid ProcessId EventCode' tests/data/backslash/windows_raw_access_to_master_boot_record_drive.xml
Computer,Image,Device,ProcessGuid,ProcessId,EventCode,count
win-dc-tcontreras-attack-range-478.attackrange.local,C:\Temp\c.exe,\Device\Harddisk0\DR0,{414E8EDF-CABB-6218-F103-000000003702},6068,9,1

# --- Security 4663 (object access) ---

# `file_path`, `file_name`, `Caller_User_Name`, `process_id` are the
# add-on's. One row: the fixture, ScreenConnect.Service.exe writing an .aspx
# into App_Extensions (*\\ScreenConnect.Service.exe); not NotScreenConnect.Service.exe.
$ trawl run --content ../shared/security_content -d connectwise_screenconnect_path_traversal_windows_sacl -f csv tests/data/backslash/connectwise_screenconnect_path_traversal_windows_sacl.xml
ObjectName,ObjectType,process_name,AccessMask,process_id,EventCode,dest,user,count,firstTime,lastTime,source_file
C:\Program Files (x86)\ScreenConnect\App_Extensions\evilapp - Copy (2).aspx,File,C:\Program Files (x86)\ScreenConnect\ScreenConnect.Service.exe,0x2,4,4663,ar-win-2.attackrange.local,Administrator,1,2024-02-21T14:08:33,2024-02-21T14:08:33,tests/data/backslash/connectwise_screenconnect_path_traversal_windows_sacl.xml

$ trawl search --content ../shared/security_content -f csv '`wineventlog_security` EventCode=4663  ProcessName=*\\ScreenConnect.Service.exe | stats count by ProcessName ObjectName' tests/data/backslash/connectwise_screenconnect_path_traversal_windows_sacl.xml
ProcessName,ObjectName,count
C:\Program Files (x86)\ScreenConnect\ScreenConnect.Service.exe,C:\Program Files (x86)\ScreenConnect\App_Extensions\evilapp - Copy (2).aspx,1

# `src_user` is the add-on's. One row: HiveNightmare.exe reading
# the SAM hive of a shadow copy; C:\Windows\System32\dllhost.exe is excluded by
# ProcessName!=*\\dllhost.exe.
$ trawl run --content ../shared/security_content -d sam_database_file_access_attempt -f csv tests/data/backslash/sam_database_file_access_attempt.xml
process_name,ObjectName,dest,src_user,values(AccessList),count,source_file
C:\Users\Administrator\Downloads\HiveNightmare.exe,\Device\HarddiskVolumeShadowCopy1\Windows\System32\config\SAM,ar-win-2.attackrange.local,Administrator,%%4416,1,tests/data/backslash/sam_database_file_access_attempt.xml

$ trawl search --content ../shared/security_content -f csv '`wineventlog_security` (EventCode=4663)  ProcessName!=*\\dllhost.exe ObjectName IN ("*\\Windows\\System32\\config\\SAM*","*\\Windows\\System32\\config\\SYSTEM*","*\\Windows\\System32\\config\\SECURITY*") | stats count by ProcessName ObjectName' tests/data/backslash/sam_database_file_access_attempt.xml
ProcessName,ObjectName,count
C:\Users\Administrator\Downloads\HiveNightmare.exe,\Device\HarddiskVolumeShadowCopy1\Windows\System32\config\SAM,1

# `object_file_path`, `object_file_name`, `process_name`, `process_path`
# are the add-on's (and every backslash term is on them). One row: snake.exe
# reading discord\Local Storage\leveldb; Discord.exe is excluded by process_name!=*\\discord.exe.
$ trawl run --content ../shared/security_content -d windows_non_discord_app_access_discord_leveldb -f csv tests/data/backslash/windows_non_discord_app_access_discord_leveldb.xml
object_file_name,object_file_path,process_name,process_path,process_id,EventCode,dest,count,firstTime,lastTime,source_file
000005.ldb,C:\Users\Administrator\AppData\Roaming\discord\Local Storage\leveldb\000005.ldb,C:\Users\Administrator\AppData\Local\Temp\snake.exe,C:\Users\Administrator\AppData\Local\Temp\snake.exe,4,4663,ar-win-2.attackrange.local,1,2024-02-21T14:12:20,2024-02-21T14:12:20,tests/data/backslash/windows_non_discord_app_access_discord_leveldb.xml

# As above. One row: snake.exe reading the Outlook
# profile key; OUTLOOK.EXE is excluded by process_name!=*\\outlook.exe.
$ trawl run --content ../shared/security_content -d windows_unsecured_outlook_credentials_access_in_registry -f csv tests/data/backslash/windows_unsecured_outlook_credentials_access_in_registry.xml
object_file_name,object_file_path,process_name,process_path,process_id,EventCode,dest,count,firstTime,lastTime,source_file
9375CFF0413111d3B88A00104B2A6676,\REGISTRY\USER\S-1-5-21-3208823315-3186612519-3154741652-500\SOFTWARE\Microsoft\Office\16.0\Outlook\Profiles\Outlook\9375CFF0413111d3B88A00104B2A6676,C:\Users\Administrator\AppData\Local\Temp\snake.exe,C:\Users\Administrator\AppData\Local\Temp\snake.exe,4,4663,ar-win-2.attackrange.local,1,2024-02-21T14:13:31,2024-02-21T14:13:31,tests/data/backslash/windows_unsecured_outlook_credentials_access_in_registry.xml

# --- PowerShell scripted input (key=value lines, powershell://SubjectInterfacePackage) ---

# The SIP whose Dll is a full path, pwrshsip.dll, matches Dll=*\\*.dll; WINTRUST.DLL,
# registered by bare name, does not.
$ trawl run --content ../shared/security_content -d windows_sip_provider_inventory -f csv --sourcetype PwSh:SubjectInterfacePackage tests/data/backslash/windows_sip_provider_inventory.log
Path,host,count,firstTime,lastTime,values(Dll),source_file
HKLM:\SOFTWARE\Microsoft\Cryptography\OID\EncodingType 0\CryptSIPDllGetSignedDataMsg\{603BCC1F-4B59-4E08-B724-D2C6297EF351},ar-win-2.attackrange.local,1,2024-07-18T10:00:00,2024-07-18T10:00:00,C:\Windows\System32\WindowsPowerShell\v1.0\pwrshsip.dll,tests/data/backslash/windows_sip_provider_inventory.log
