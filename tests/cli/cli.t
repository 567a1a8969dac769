# Command line: help, usage errors, SPL errors. Options may come after the paths.
$ trawl search 'EventCode=2282 | stats count by dest | sort - count' -f csv tests/data/seed/iis_fleet.xml
dest,count
web01.corp.example.com,4
web02.corp.example.com,3
exch01.corp.example.com,2
web09.corp.example.com,1

$ trawl search 'EventCode=2282 | foo bar' tests/data/seed/iis_fleet.xml
! trawl: unsupported SPL command 'foo' at column 18
!   EventCode=2282 | foo bar
!                    ^
? 2

$ trawl search '`nosuchmacro` | head 1' tests/data/seed/iis_fleet.xml
! trawl: unknown macro 'nosuchmacro' at column 1
!   `nosuchmacro` | head 1
!   ^
? 2

$ trawl search 'EventCode=2282 | eval x=nosuchfn(1)' tests/data/seed/iis_fleet.xml
! trawl: unsupported SPL function 'nosuchfn' at column 25
!   EventCode=2282 | eval x=nosuchfn(1)
!                           ^
? 2

$ trawl run -d no_such_detection tests/data/seed/iis_fleet.xml
! trawl: unknown detection 'no_such_detection' (try 'trawl list detections')
? 2

$ trawl run -f xml tests/data/seed/iis_fleet.xml
! trawl: unknown format 'xml' (expected table, csv, json or jsonl)
! try 'trawl run --help'
? 2

$ trawl run
! trawl: no input given (a file, a directory, or - for stdin)
! try 'trawl run --help'
? 2

$ trawl frobnicate
! trawl: 'frobnicate' is not a trawl command (try 'trawl --help')
? 2

$ trawl run --tz Mars/Olympus tests/data/seed/iis_fleet.xml
! trawl: unknown time zone 'Mars/Olympus' (expected an IANA name such as Europe/Paris, or UTC)
! try 'trawl run --help'
? 2

$ trawl search 'EventCode=2282 OR EventCode=1033 host=web01* | table EventCode host ModuleDll' -f csv tests/data/seed/iis_fleet.xml
EventCode,host,ModuleDll
2282,web01.corp.example.com,%SystemRoot%\system32\inetsrv\rewrite.dll
2282,web01.corp.example.com,%SystemRoot%\system32\inetsrv\rewrite.dll
2282,web01.corp.example.com,
2282,web01.corp.example.com,%SystemRoot%\system32\inetsrv\rewrite.dll
1033,web01.corp.example.com,

$ trawl search 'NOT EventCode IN (2282, 1033, 16384) | stats count by EventCode Name' -f csv tests/data/seed/iis_fleet.xml
EventCode,Name,count
1000,Application Error,1
1001,Windows Error Reporting,1
1309,ASP.NET 4.0.30319.0,1
9009,Microsoft-Windows-IIS-APPHOSTSVC,1
11707,MsiInstaller,1
16394,Microsoft-Windows-Security-SPP,1

$ trawl search 'EventCode=2282 ModuleDll=*temp* | stats count values(EventRecordID) as ids by dest | rename dest as host' -f json tests/data/seed/iis_fleet.xml
[
  {"host":"web02.corp.example.com","count":"3","ids":["48307","48308","48322"]}
]

$ trawl list detections -f csv | cut -d, -f1-3
detection,status,type
windows_disable_windows_event_logging_disable_http_logging,production,TTP
T1562
T1505
T1505.004",IIS Components,builtin:detections/windows_disable_windows_event_logging_disable_http_logging.yml
windows_iis_components_add_new_module,production,Anomaly
T1505.004",IIS Components,builtin:detections/windows_iis_components_add_new_module.yml
windows_iis_components_get_webglobalmodule_module_query,production,Hunting
T1505",IIS Components,builtin:detections/windows_iis_components_get_webglobalmodule_module_query.yml
windows_iis_components_module_failed_to_load,production,Anomaly
T1505.004",IIS Components,builtin:detections/windows_iis_components_module_failed_to_load.yml
windows_iis_components_new_module_added,production,TTP
T1505.004",IIS Components,builtin:detections/windows_iis_components_new_module_added.yml
windows_powershell_add_module_to_global_assembly_cache,production,TTP
T1505.004",IIS Components,builtin:detections/windows_powershell_add_module_to_global_assembly_cache.yml
windows_powershell_disable_http_logging,production,TTP
T1562.002
T1505
T1505.004",IIS Components,builtin:detections/windows_powershell_disable_http_logging.yml
windows_powershell_iis_components_webglobalmodule_usage,production,Anomaly
T1505.004",IIS Components,builtin:detections/windows_powershell_iis_components_webglobalmodule_usage.yml
windows_server_software_component_gacutil_install_to_gac,production,TTP
T1505.004",IIS Components,builtin:detections/windows_server_software_component_gacutil_install_to_gac.yml

$ trawl search '* | stats count' -f csv nonexistent.xml
! trawl: nonexistent.xml: cannot open: No such file or directory
? 2

$ cat tests/data/seed/iis_fleet.xml | trawl run -d windows_iis_components_module_failed_to_load -f csv -
EventCode,dest,Name,ModuleDll,count,firstTime,lastTime,source_file
2282,exch01.corp.example.com,Microsoft-Windows-IIS-W3SVC-WP,C:\ProgramData\Microsoft\Crypto\RSA\owa_auth.dll,1,2024-03-12T04:18:30,2024-03-12T04:18:30,(stdin)
2282,exch01.corp.example.com,Microsoft-Windows-IIS-W3SVC-WP,C:\Users\Public\R&D\mod.dll,1,2024-03-12T06:00:00,2024-03-12T06:00:00,(stdin)
2282,web01.corp.example.com,Microsoft-Windows-IIS-W3SVC-WP,%SystemRoot%\system32\inetsrv\rewrite.dll,3,2024-03-11T07:02:13,2024-03-11T09:12:40,(stdin)
2282,web02.corp.example.com,Microsoft-Windows-IIS-W3SVC-WP,C:\Windows\Temp\iisrsv.dll,3,2024-03-11T22:47:03,2024-03-12T01:05:44,(stdin)

# All of Splunk's detections at once, CSV into a directory: one file per detection
# with results; none for those without (--all writes them) nor for those trawl cannot
# run yet (counted on stderr); deprecated detections do not run.
$ rm -rf build/test-allcsv && trawl run --content ../shared/security_content -f csv -o build/test-allcsv ../shared/fixtures/xmlwineventlog 2>&1 | grep "detections whose"; ls build/test-allcsv | wc -l; cat build/test-allcsv/windows_iis_components_module_failed_to_load.csv
trawl: skipped 339 of 1613 detections whose SPL trawl cannot run yet (-v lists them)
36
EventCode,dest,Name,ModuleDll,count,firstTime,lastTime,source_file
2282,win-dc-exch01.attackrange.local,Microsoft-Windows-IIS-W3SVC-WP,c:\temp\msf.dll,1,2022-12-20T15:58:25,2022-12-20T15:58:25,../shared/fixtures/xmlwineventlog/windows_event_log_application_2282.xml
