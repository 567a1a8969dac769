# The seed detection, "Windows IIS Components Module Failed to Load", end to end.

# The check of issue 2: the real 2282 fixture gives exactly this row.
$ trawl run -d windows_iis_components_module_failed_to_load -f csv ../shared/fixtures/xmlwineventlog/windows_event_log_application_2282.xml
EventCode,dest,Name,ModuleDll,count,firstTime,lastTime,source_file
2282,win-dc-exch01.attackrange.local,Microsoft-Windows-IIS-W3SVC-WP,c:\temp\msf.dll,1,2022-12-20T15:58:25,2022-12-20T15:58:25,../shared/fixtures/xmlwineventlog/windows_event_log_application_2282.xml

# All 69 fixtures at once: the other 68 events are excluded. Only Application 2282
# events can match, so the reader skips the rest before parsing them, including the
# 13 fixtures cut short upstream and one with a mistyped tag.
$ trawl run -d windows_iis_components_module_failed_to_load -f csv ../shared/fixtures/xmlwineventlog/
EventCode,dest,Name,ModuleDll,count,firstTime,lastTime,source_file
2282,win-dc-exch01.attackrange.local,Microsoft-Windows-IIS-W3SVC-WP,c:\temp\msf.dll,1,2022-12-20T15:58:25,2022-12-20T15:58:25,../shared/fixtures/xmlwineventlog/windows_event_log_application_2282.xml

# A search that needs every event parses every event: each malformed one is reported
# with its file and line, skipped, and the run exits 3.
$ trawl search '| stats count' -f csv ../shared/fixtures/xmlwineventlog/ 2>/dev/null
count
55
? 3

$ trawl search '| stats count' -f csv ../shared/fixtures/xmlwineventlog/ 2>&1 >/dev/null | grep -c 'xml:1: malformed event skipped: '
14

# With --lenient the cut-off events are read as far as they go.
$ trawl search '| stats count' -f csv --lenient ../shared/fixtures/xmlwineventlog/ 2>/dev/null
count
69
? 3

# A fleet: several hosts and DLLs; a 2282 without ModuleDll is dropped by stats,
# a 2282 logged in the System channel is excluded by wineventlog_application, and a
# pretty-printed event with an entity in the path is read like the others.
$ trawl run -d windows_iis_components_module_failed_to_load -f csv tests/data/seed/iis_fleet.xml
EventCode,dest,Name,ModuleDll,count,firstTime,lastTime,source_file
2282,exch01.corp.example.com,Microsoft-Windows-IIS-W3SVC-WP,C:\ProgramData\Microsoft\Crypto\RSA\owa_auth.dll,1,2024-03-12T04:18:30,2024-03-12T04:18:30,tests/data/seed/iis_fleet.xml
2282,exch01.corp.example.com,Microsoft-Windows-IIS-W3SVC-WP,C:\Users\Public\R&D\mod.dll,1,2024-03-12T06:00:00,2024-03-12T06:00:00,tests/data/seed/iis_fleet.xml
2282,web01.corp.example.com,Microsoft-Windows-IIS-W3SVC-WP,%SystemRoot%\system32\inetsrv\rewrite.dll,3,2024-03-11T07:02:13,2024-03-11T09:12:40,tests/data/seed/iis_fleet.xml
2282,web02.corp.example.com,Microsoft-Windows-IIS-W3SVC-WP,C:\Windows\Temp\iisrsv.dll,3,2024-03-11T22:47:03,2024-03-12T01:05:44,tests/data/seed/iis_fleet.xml

# The filter macro is how users tune out known modules without editing the detection.
$ trawl run -d windows_iis_components_module_failed_to_load -f csv --macro 'windows_iis_components_module_failed_to_load_filter=search NOT ModuleDll="*\\inetsrv\\*"' tests/data/seed/iis_fleet.xml
EventCode,dest,Name,ModuleDll,count,firstTime,lastTime,source_file
2282,exch01.corp.example.com,Microsoft-Windows-IIS-W3SVC-WP,C:\ProgramData\Microsoft\Crypto\RSA\owa_auth.dll,1,2024-03-12T04:18:30,2024-03-12T04:18:30,tests/data/seed/iis_fleet.xml
2282,exch01.corp.example.com,Microsoft-Windows-IIS-W3SVC-WP,C:\Users\Public\R&D\mod.dll,1,2024-03-12T06:00:00,2024-03-12T06:00:00,tests/data/seed/iis_fleet.xml
2282,web02.corp.example.com,Microsoft-Windows-IIS-W3SVC-WP,C:\Windows\Temp\iisrsv.dll,3,2024-03-11T22:47:03,2024-03-12T01:05:44,tests/data/seed/iis_fleet.xml

# Risk events: one per row, message expanded, ATT&CK and story attached.
$ trawl run -d windows_iis_components_module_failed_to_load --risk -f jsonl tests/data/seed/iis_fleet.xml
{"_time":"1710217110","search_name":"Windows IIS Components Module Failed to Load","risk_object":"exch01.corp.example.com","risk_object_type":"system","risk_score":25,"risk_message":"A new IIS Module has been loaded and should be reviewed on exch01.corp.example.com.","annotations.mitre_attack":["T1505","T1505.004"],"analyticstories":["IIS Components"],"source_file":"tests/data/seed/iis_fleet.xml"}
{"_time":"1710223200","search_name":"Windows IIS Components Module Failed to Load","risk_object":"exch01.corp.example.com","risk_object_type":"system","risk_score":25,"risk_message":"A new IIS Module has been loaded and should be reviewed on exch01.corp.example.com.","annotations.mitre_attack":["T1505","T1505.004"],"analyticstories":["IIS Components"],"source_file":"tests/data/seed/iis_fleet.xml"}
{"_time":"1710148360","search_name":"Windows IIS Components Module Failed to Load","risk_object":"web01.corp.example.com","risk_object_type":"system","risk_score":25,"risk_message":"A new IIS Module has been loaded and should be reviewed on web01.corp.example.com.","annotations.mitre_attack":["T1505","T1505.004"],"analyticstories":["IIS Components"],"source_file":"tests/data/seed/iis_fleet.xml"}
{"_time":"1710205544","search_name":"Windows IIS Components Module Failed to Load","risk_object":"web02.corp.example.com","risk_object_type":"system","risk_score":25,"risk_message":"A new IIS Module has been loaded and should be reviewed on web02.corp.example.com.","annotations.mitre_attack":["T1505","T1505.004"],"analyticstories":["IIS Components"],"source_file":"tests/data/seed/iis_fleet.xml"}
{"type":"risk_summary","risk_object":"exch01.corp.example.com","risk_object_type":"system","total_risk_score":50,"detection_count":1,"detections":["Windows IIS Components Module Failed to Load"],"mitre_techniques":["T1505","T1505.004"],"firstTime":"2024-03-12T04:18:30","lastTime":"2024-03-12T06:00:00","over_threshold":"no"}
{"type":"risk_summary","risk_object":"web01.corp.example.com","risk_object_type":"system","total_risk_score":25,"detection_count":1,"detections":["Windows IIS Components Module Failed to Load"],"mitre_techniques":["T1505","T1505.004"],"firstTime":"2024-03-11T09:12:40","lastTime":"2024-03-11T09:12:40","over_threshold":"no"}
{"type":"risk_summary","risk_object":"web02.corp.example.com","risk_object_type":"system","total_risk_score":25,"detection_count":1,"detections":["Windows IIS Components Module Failed to Load"],"mitre_techniques":["T1505","T1505.004"],"firstTime":"2024-03-12T01:05:44","lastTime":"2024-03-12T01:05:44","over_threshold":"no"}

# Table output, dates in another time zone.
$ trawl run -d windows_iis_components_module_failed_to_load -f table --tz Europe/Paris tests/data/seed/iis_fleet.xml
Windows IIS Components Module Failed to Load (4 results)
EventCode  dest                     Name                            ModuleDll                                         count  firstTime            lastTime             source_file
---------  -----------------------  ------------------------------  ------------------------------------------------  -----  -------------------  -------------------  -----------------------------
     2282  exch01.corp.example.com  Microsoft-Windows-IIS-W3SVC-WP  C:\ProgramData\Microsoft\Crypto\RSA\owa_auth.dll      1  2024-03-12T05:18:30  2024-03-12T05:18:30  tests/data/seed/iis_fleet.xml
     2282  exch01.corp.example.com  Microsoft-Windows-IIS-W3SVC-WP  C:\Users\Public\R&D\mod.dll                           1  2024-03-12T07:00:00  2024-03-12T07:00:00  tests/data/seed/iis_fleet.xml
     2282  web01.corp.example.com   Microsoft-Windows-IIS-W3SVC-WP  %SystemRoot%\system32\inetsrv\rewrite.dll             3  2024-03-11T08:02:13  2024-03-11T10:12:40  tests/data/seed/iis_fleet.xml
     2282  web02.corp.example.com   Microsoft-Windows-IIS-W3SVC-WP  C:\Windows\Temp\iisrsv.dll                            3  2024-03-11T23:47:03  2024-03-12T02:05:44  tests/data/seed/iis_fleet.xml

$ trawl run -d windows_iis_components_module_failed_to_load -f json tests/data/seed/iis_fleet.xml | head -3
[
  {"search_name":"Windows IIS Components Module Failed to Load","EventCode":"2282","dest":"exch01.corp.example.com","Name":"Microsoft-Windows-IIS-W3SVC-WP","ModuleDll":"C:\\ProgramData\\Microsoft\\Crypto\\RSA\\owa_auth.dll","count":"1","firstTime":"2024-03-12T04:18:30","lastTime":"2024-03-12T04:18:30","source_file":"tests/data/seed/iis_fleet.xml"},
  {"search_name":"Windows IIS Components Module Failed to Load","EventCode":"2282","dest":"exch01.corp.example.com","Name":"Microsoft-Windows-IIS-W3SVC-WP","ModuleDll":"C:\\Users\\Public\\R&D\\mod.dll","count":"1","firstTime":"2024-03-12T06:00:00","lastTime":"2024-03-12T06:00:00","source_file":"tests/data/seed/iis_fleet.xml"},

# Splunk's own detection file loads from its content directory and runs unchanged.
$ trawl run --content ../shared/security_content -d windows_iis_components_module_failed_to_load -f csv ../shared/fixtures/xmlwineventlog/windows_event_log_application_2282.xml
EventCode,dest,Name,ModuleDll,count,firstTime,lastTime,source_file
2282,win-dc-exch01.attackrange.local,Microsoft-Windows-IIS-W3SVC-WP,c:\temp\msf.dll,1,2022-12-20T15:58:25,2022-12-20T15:58:25,../shared/fixtures/xmlwineventlog/windows_event_log_application_2282.xml

# trawl test runs the detection's tests: block.
$ trawl test windows_iis_components_module_failed_to_load
PASS windows_iis_components_module_failed_to_load: True Positive Test (3 results)
PASS windows_iis_components_module_failed_to_load: Negative Test (other IIS module events) (no results from 2 events, as expected)
2 passed, 0 failed, 0 skipped

$ trawl test --content ../shared/security_content --data examples/iis windows_iis_components_module_failed_to_load
PASS windows_iis_components_module_failed_to_load: True Positive Test (3 results)
1 passed, 0 failed, 0 skipped

# trawl test fails with a reason when the events lack the field the search groups by.
$ trawl test --content ../shared/security_content --data tests/data/nomodule windows_iis_components_module_failed_to_load
FAIL windows_iis_components_module_failed_to_load: True Positive Test (no results from 7 events)
0 passed, 1 failed, 0 skipped
? 1

# A run in which no test ran proved nothing: it fails, unless --allow-skip.
$ trawl test --content ../shared/security_content windows_iis_components_module_failed_to_load
SKIP windows_iis_components_module_failed_to_load: True Positive Test (missing data file 2282_windows-application.log (give --data DIR))
0 passed, 0 failed, 1 skipped
! trawl: no test ran (1 skipped: see the SKIP lines); --allow-skip accepts that
? 1

$ trawl test --allow-skip --content ../shared/security_content windows_iis_components_module_failed_to_load
SKIP windows_iis_components_module_failed_to_load: True Positive Test (missing data file 2282_windows-application.log (give --data DIR))
0 passed, 0 failed, 1 skipped

