# A responder's run (issue 16): one command over a mixed evidence folder (several
# channels, a file that is no log) with content holding a broken YAML file, a
# deprecated detection that would fire and one using an undefined macro.

# One CSV stream: search_name, the union of the columns, the trace columns last;
# every hit names its file, event rows also their record. The broken file and the
# undefined macro are reported, everything else runs, the exit code says 3.
$ trawl run --content tests/data/responder/content -f csv tests/data/responder/evidence
search_name,dest,user,parent_process_name,process_name,original_file_name,process,process_id,parent_process_id,count,firstTime,lastTime,EventCode,Name,ModuleDll,ScriptBlockText,Computer,user_id,_time,source_file,record_id
Windows Disable Windows Event Logging Disable HTTP Logging,web01.corp.example.com,CORP\svc_iisadmin,cmd.exe,appcmd.exe,appcmd.exe,C:\Windows\System32\inetsrv\appcmd.exe set config /section:httpLogging /dontLog:true,6344,5880,1,2024-03-11T07:05:40,2024-03-11T07:05:40,,,,,,,,tests/data/responder/evidence/host1/sysmon.xml,
Windows IIS Components Add New Module,web01.corp.example.com,CORP\svc_iisadmin,cmd.exe,appcmd.exe,appcmd.exe,C:\Windows\System32\inetsrv\appcmd.exe install module /name:IsapiCache /image:C:\Windows\Temp\isapicache.dll /add:true,6120,5880,1,2024-03-11T06:58:02,2024-03-11T06:58:02,,,,,,,,tests/data/responder/evidence/host1/sysmon.xml,
Windows IIS Components Module Failed to Load,web01.corp.example.com,,,,,,,,1,2024-03-11T07:12:44,2024-03-11T07:12:44,2282,Microsoft-Windows-IIS-W3SVC-WP,C:\Windows\Temp\isapicache.dll,,,,,tests/data/responder/evidence/host1/application.log,
Windows PowerShell Add Module to Global Assembly Cache,,,,,,,,,1,2024-03-11T07:01:09,2024-03-11T07:01:09,4104,,,"[System.Reflection.Assembly]::Load(""System.EnterpriseServices, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b03f5f7f11d50a3a""); $publish = New-Object System.EnterpriseServices.Internal.Publish; $publish.GacInstall(""C:\Windows\Temp\IsapiCache.Managed.dll"")",web01.corp.example.com,S-1-5-21-3623811015-3361044348-30300820-1013,,tests/data/responder/evidence/host1/powershell.evtx,
Windows PowerShell Disable HTTP Logging,,,,,,,,,1,2024-03-11T07:06:12,2024-03-11T07:06:12,4104,,,Set-ItemProperty 'IIS:\Sites\Default Web Site' -Name logFile.enabled -Value false,web01.corp.example.com,S-1-5-21-3623811015-3361044348-30300820-1013,,tests/data/responder/evidence/host1/powershell.evtx,
Windows PowerShell IIS Components WebGlobalModule Usage,,,,,,,,,1,2024-03-11T07:02:51,2024-03-11T07:02:51,4104,,,"New-WebGlobalModule -Name ""IsapiCache"" -Image ""C:\Windows\Temp\isapicache.dll""",web01.corp.example.com,S-1-5-21-3623811015-3361044348-30300820-1013,,tests/data/responder/evidence/host1/powershell.evtx,
Windows Server Software Component GACUtil Install to GAC,web01.corp.example.com,svc_iisadmin,cmd.exe,gacutil.exe,,"""C:\Program Files (x86)\Microsoft SDKs\Windows\v10.0A\bin\NETFX 4.8 Tools\x64\gacutil.exe"" /i C:\Windows\Temp\IsapiCache.Managed.dll",6700,5880,1,2024-03-11T06:59:15,2024-03-11T06:59:15,,,,,,,,tests/data/responder/evidence/host1/security.xml,
Test PowerShell Script Blocks,,,,,,,,,,,,4104,,,,web01.corp.example.com,,1710140571.003344,tests/data/responder/evidence/host1/powershell.evtx,20340
? 3

# JSON lines carry search_name and the trace fields too.
$ trawl run --content tests/data/responder/content -d 'Test PowerShell Script Blocks' -f jsonl tests/data/responder/evidence
{"search_name":"Test PowerShell Script Blocks","_time":"1710140571.003344","Computer":"web01.corp.example.com","EventCode":"4104","source_file":"tests/data/responder/evidence/host1/powershell.evtx","record_id":"20340"}
? 3

# --trace: an aggregated row also counts its events and lists them as FILE:RECORD.
$ trawl run -d windows_iis_components_module_failed_to_load --trace -f csv tests/data/seed/iis_fleet.xml examples/iis/application.evtx
EventCode,dest,Name,ModuleDll,count,firstTime,lastTime,source_file,trace_count,trace_events
2282,exch01.corp.example.com,Microsoft-Windows-IIS-W3SVC-WP,C:\ProgramData\Microsoft\Crypto\RSA\owa_auth.dll,2,2024-03-12T04:18:30,2024-03-12T04:18:30,"tests/data/seed/iis_fleet.xml
examples/iis/application.evtx",2,"tests/data/seed/iis_fleet.xml:90112
examples/iis/application.evtx:90112"
2282,exch01.corp.example.com,Microsoft-Windows-IIS-W3SVC-WP,C:\Users\Public\R&D\mod.dll,1,2024-03-12T06:00:00,2024-03-12T06:00:00,tests/data/seed/iis_fleet.xml,1,tests/data/seed/iis_fleet.xml:90200
2282,web01.corp.example.com,Microsoft-Windows-IIS-W3SVC-WP,%SystemRoot%\system32\inetsrv\rewrite.dll,6,2024-03-11T07:02:13,2024-03-11T09:12:40,"tests/data/seed/iis_fleet.xml
examples/iis/application.evtx",6,"tests/data/seed/iis_fleet.xml:48230
tests/data/seed/iis_fleet.xml:48241
tests/data/seed/iis_fleet.xml:48262
examples/iis/application.evtx:48230
examples/iis/application.evtx:48241
examples/iis/application.evtx:48262"
2282,web02.corp.example.com,Microsoft-Windows-IIS-W3SVC-WP,C:\Windows\Temp\iisrsv.dll,6,2024-03-11T22:47:03,2024-03-12T01:05:44,"tests/data/seed/iis_fleet.xml
examples/iis/application.evtx",6,"tests/data/seed/iis_fleet.xml:48307
tests/data/seed/iis_fleet.xml:48308
tests/data/seed/iis_fleet.xml:48322
examples/iis/application.evtx:48307
examples/iis/application.evtx:48308
examples/iis/application.evtx:48322"

# source_file and record_id are fields like any other in SPL.
$ trawl search --trace 'EventCode=4104 record_id<20340 | table record_id source_file' tests/data/responder/evidence/host1/powershell.evtx
source_file,record_id
tests/data/responder/evidence/host1/powershell.evtx,20331

# Deprecated detections run only when --status asks for them.
$ trawl run --content tests/data/responder/content --status deprecated -f csv tests/data/responder/evidence 2>/dev/null
Computer,count,source_file
web01.corp.example.com,3,tests/data/responder/evidence/host1/powershell.evtx
? 3

# --type, --technique and --tag select; --exclude drops.
$ trawl run --content tests/data/responder/content --type Hunting -f csv tests/data/responder/evidence 2>/dev/null | cut -d, -f1 | sort -u
Test PowerShell Script Blocks
search_name

$ trawl run --content tests/data/responder/content --technique T1562 -f csv tests/data/responder/evidence 2>/dev/null | cut -d, -f1 | sort -u
Windows Disable Windows Event Logging Disable HTTP Logging
Windows PowerShell Disable HTTP Logging
search_name

$ trawl run --content tests/data/responder/content --tag 'Responder Test' --exclude undefined_macro -f csv tests/data/responder/evidence 2>/dev/null | cut -d, -f1
_time
1710140571.003344

# -d takes a YAML path (loaded when no --content brought it); --content a file.
$ trawl run -d tests/data/responder/content/detections/powershell_script_blocks.yml -f csv tests/data/responder/evidence/host1/powershell.evtx
_time,Computer,EventCode,source_file,record_id
1710140571.003344,web01.corp.example.com,4104,tests/data/responder/evidence/host1/powershell.evtx,20340

$ trawl run --content tests/data/responder/content/detections/deprecated_script_blocks.yml -d deprecated_script_blocks -f csv tests/data/responder/evidence/host1/powershell.evtx
Computer,count,source_file
web01.corp.example.com,3,tests/data/responder/evidence/host1/powershell.evtx

# --strict: the broken file stops the run before anything is read.
$ trawl run --strict --content tests/data/responder/content -f csv tests/data/responder/evidence
? 2

# What can run, and why not.
$ trawl list detections --content tests/data/responder/content -f csv 2>/dev/null | grep -i responder/ | cut -d, -f1-6
deprecated_script_blocks,deprecated,Anomaly,Powershell Script Block Logging 4104,yes,
powershell_script_blocks,production,Hunting,Powershell Script Block Logging 4104,yes,
undefined_macro,production,TTP,Sysmon EventID 1,no,unknown macro 'no_such_macro' at column 15

# --risk without --story ends with the risk summary; its numbers are JSON numbers.
$ trawl run --content tests/data/responder/content --risk -f jsonl tests/data/responder/evidence 2>/dev/null | grep risk_summary
{"type":"risk_summary","risk_object":"web01.corp.example.com","risk_object_type":"system","total_risk_score":394,"detection_count":7,"detections":["Windows Disable Windows Event Logging Disable HTTP Logging","Windows IIS Components Add New Module","Windows IIS Components Module Failed to Load","Windows PowerShell Add Module to Global Assembly Cache","Windows PowerShell Disable HTTP Logging","Windows PowerShell IIS Components WebGlobalModule Usage","Windows Server Software Component GACUtil Install to GAC"],"mitre_techniques":["T1505","T1505.004","T1562","T1562.002"],"firstTime":"2024-03-11T06:58:02","lastTime":"2024-03-11T07:12:44","over_threshold":"yes"}
{"type":"risk_summary","risk_object":"CORP\\svc_iisadmin","risk_object_type":"user","total_risk_score":128,"detection_count":2,"detections":["Windows Disable Windows Event Logging Disable HTTP Logging","Windows IIS Components Add New Module"],"mitre_techniques":["T1505","T1505.004","T1562","T1562.002"],"firstTime":"2024-03-11T06:58:02","lastTime":"2024-03-11T07:05:40","over_threshold":"yes"}
{"type":"risk_summary","risk_object":"svc_iisadmin","risk_object_type":"user","total_risk_score":49,"detection_count":1,"detections":["Windows Server Software Component GACUtil Install to GAC"],"mitre_techniques":["T1505","T1505.004"],"firstTime":"2024-03-11T06:59:15","lastTime":"2024-03-11T06:59:15","over_threshold":"no"}

# Tables: only detections with hits (--all shows the others); --width fits a terminal.
$ trawl run --content tests/data/responder/content -f table --width 100 tests/data/responder/evidence 2>/dev/null
Windows Disable Windows Event Logging Disable HTTP Logging (1 result)
dest      user      parent_…  process…  origina…  process   process…  parent_…  count  firstTi…  lastTime  source_…
--------  --------  --------  --------  --------  --------  --------  --------  -----  --------  --------  --------
web01.c…  CORP\sv…  cmd.exe   appcmd.…  appcmd.…  C:\Wind…      6344      5880      1  2024-03…  2024-03…  tests/d…
Windows IIS Components Add New Module (1 result)
dest      user      parent_…  process…  origina…  process   process…  parent_…  count  firstTi…  lastTime  source_…
--------  --------  --------  --------  --------  --------  --------  --------  -----  --------  --------  --------
web01.c…  CORP\sv…  cmd.exe   appcmd.…  appcmd.…  C:\Wind…      6120      5880      1  2024-03…  2024-03…  tests/d…
Windows IIS Components Module Failed to Load (1 result)
EventCode  dest          Name          ModuleDll     count  firstTime     lastTime      source_file
---------  ------------  ------------  ------------  -----  ------------  ------------  ------------
     2282  web01.corp.…  Microsoft-W…  C:\Windows\…      1  2024-03-11T…  2024-03-11T…  tests/data/…
Windows PowerShell Add Module to Global Assembly Cache (1 result)
EventCode  ScriptBlock…  Computer      user_id       count  firstTime     lastTime      source_file
---------  ------------  ------------  ------------  -----  ------------  ------------  ------------
     4104  [System.Ref…  web01.corp.…  S-1-5-21-36…      1  2024-03-11T…  2024-03-11T…  tests/data/…
Windows PowerShell Disable HTTP Logging (1 result)
EventCode  ScriptBlock…  Computer      user_id       count  firstTime     lastTime      source_file
---------  ------------  ------------  ------------  -----  ------------  ------------  ------------
     4104  Set-ItemPro…  web01.corp.…  S-1-5-21-36…      1  2024-03-11T…  2024-03-11T…  tests/data/…
Windows PowerShell IIS Components WebGlobalModule Usage (1 result)
EventCode  ScriptBlock…  Computer      user_id       count  firstTime     lastTime      source_file
---------  ------------  ------------  ------------  -----  ------------  ------------  ------------
     4104  New-WebGlob…  web01.corp.…  S-1-5-21-36…      1  2024-03-11T…  2024-03-11T…  tests/data/…
Windows Server Software Component GACUtil Install to GAC (1 result)
dest      user      parent_…  process…  process   process…  parent_…  count  firstTi…  lastTime  source_…
--------  --------  --------  --------  --------  --------  --------  -----  --------  --------  --------
web01.c…  svc_iis…  cmd.exe   gacutil…  "C:\Pro…      6700      5880      1  2024-03…  2024-03…  tests/d…
Test PowerShell Script Blocks (1 result)
_time                    Computer                EventCode  source_file                    record_id
-----------------------  ----------------------  ---------  -----------------------------  ---------
2024-03-11 07:02:51.003  web01.corp.example.com       4104  tests/data/responder/evidenc…      20340
? 3

$ trawl run --content tests/data/responder/content --type Hunting --all -f table --width 100 tests/data/responder/evidence 2>/dev/null
Windows IIS Components Get-WebGlobalModule Module Query (0 results)
dest  name  image  count  firstTime  lastTime
----  ----  -----  -----  ---------  --------
Test PowerShell Script Blocks (1 result)
_time                    Computer                EventCode  source_file                    record_id
-----------------------  ----------------------  ---------  -----------------------------  ---------
2024-03-11 07:02:51.003  web01.corp.example.com       4104  tests/data/responder/evidenc…      20340
? 3

# The closing summary (on a terminal's stderr by default); times vary, so masked.
$ trawl run --content tests/data/responder/content --summary -f csv tests/data/responder/evidence 2>&1 >/dev/null | sed -E 's/in [0-9.]+ s \([0-9]+ records/in T s (N records/'
trawl: tests/data/responder/content/detections/broken.yml:5: YAML error: while scanning a quoted scalar found unexpected end of stream
trawl: undefined_macro (tests/data/responder/content/detections/undefined_macro.yml): unknown macro 'no_such_macro' at column 15, skipped
trawl: skipped 1 file of no known log format in directories (-v lists them)
trawl: read 5 files, 7 records in T s (N records/s)
trawl: detections: 10 run, 8 with hits, 1 skipped
trawl:   1 skipped: unknown macro 'no_such_macro'
trawl: input problems: none
