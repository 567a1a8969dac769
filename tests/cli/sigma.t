# Sigma rules (--sigma): the same matches from every input format, selection by
# title, id or path, risk events, the load report, and usage errors.
$ trawl run --sigma tests/data/sigma -d 3f3c6e2a-0c55-4d7e-9b0e-1a2b3c4d5e01 -d 'Failed Logon' -d tests/data/sigma/defender_keywords.yml -f jsonl tests/data/formats/fixtures/events.evtx
{"search_name":"Command Shell Started","_time":"1680031874.812003","Computer":"ar-win-2.attackrange.local","Channel":"Security","EventID":"4688","sigma_title":"Command Shell Started","sigma_id":"3f3c6e2a-0c55-4d7e-9b0e-1a2b3c4d5e01","sigma_level":"medium","sigma_tags":["attack.execution","attack.t1059.003"],"Image":"C:\\Program Files\\SplunkUniversalForwarder\\bin\\splunk-MonitorNoHandle.exe","source_file":"tests/data/formats/fixtures/events.evtx","record_id":"362027"}
{"search_name":"Command Shell Started","_time":"1602155026.617920","Computer":"win-dc-6764986.attackrange.local","Channel":"Microsoft-Windows-Sysmon/Operational","EventID":"1","sigma_title":"Command Shell Started","sigma_id":"3f3c6e2a-0c55-4d7e-9b0e-1a2b3c4d5e01","sigma_level":"medium","sigma_tags":["attack.execution","attack.t1059.003"],"Image":"C:\\Windows\\System32\\cmd.exe","source_file":"tests/data/formats/fixtures/events.evtx","record_id":"4522"}
{"search_name":"Failed Logon","_time":"1679516715.594676","Computer":"ar-win-8.attackrange.local","Channel":"Security","EventID":"4625","sigma_title":"Failed Logon","sigma_id":"3f3c6e2a-0c55-4d7e-9b0e-1a2b3c4d5e02","sigma_level":"low","sigma_tags":["attack.credential-access","attack.t1110"],"TargetUserName":"Administrator","IpAddress":"10.0.1.30","source_file":"tests/data/formats/fixtures/events.evtx","record_id":"367348"}
{"search_name":"Defender Configuration Keyword","_time":"1701081556.174010","Computer":"researchvmhaa","Channel":"Microsoft-Windows-Windows Defender/Operational","EventID":"5007","sigma_title":"Defender Configuration Keyword","sigma_id":"3f3c6e2a-0c55-4d7e-9b0e-1a2b3c4d5e03","sigma_level":"high","source_file":"tests/data/formats/fixtures/events.evtx","record_id":"3726"}

# The same events as XML, evtx_dump JSON lines and a Splunk JSON export: the same rows.
$ trawl run --sigma tests/data/sigma -d 3f3c6e2a-0c55-4d7e-9b0e-1a2b3c4d5e01 -d 'Failed Logon' -d tests/data/sigma/defender_keywords.yml -f jsonl tests/data/formats/fixtures/events.xml
{"search_name":"Command Shell Started","_time":"1680031874.812003","Computer":"ar-win-2.attackrange.local","Channel":"Security","EventID":"4688","sigma_title":"Command Shell Started","sigma_id":"3f3c6e2a-0c55-4d7e-9b0e-1a2b3c4d5e01","sigma_level":"medium","sigma_tags":["attack.execution","attack.t1059.003"],"Image":"C:\\Program Files\\SplunkUniversalForwarder\\bin\\splunk-MonitorNoHandle.exe","source_file":"tests/data/formats/fixtures/events.xml","record_id":"362027"}
{"search_name":"Command Shell Started","_time":"1602155026.617920","Computer":"win-dc-6764986.attackrange.local","Channel":"Microsoft-Windows-Sysmon/Operational","EventID":"1","sigma_title":"Command Shell Started","sigma_id":"3f3c6e2a-0c55-4d7e-9b0e-1a2b3c4d5e01","sigma_level":"medium","sigma_tags":["attack.execution","attack.t1059.003"],"Image":"C:\\Windows\\System32\\cmd.exe","source_file":"tests/data/formats/fixtures/events.xml","record_id":"4522"}
{"search_name":"Failed Logon","_time":"1679516715.594676","Computer":"ar-win-8.attackrange.local","Channel":"Security","EventID":"4625","sigma_title":"Failed Logon","sigma_id":"3f3c6e2a-0c55-4d7e-9b0e-1a2b3c4d5e02","sigma_level":"low","sigma_tags":["attack.credential-access","attack.t1110"],"TargetUserName":"Administrator","IpAddress":"10.0.1.30","source_file":"tests/data/formats/fixtures/events.xml","record_id":"367348"}
{"search_name":"Defender Configuration Keyword","_time":"1701081556.174010","Computer":"researchvmhaa","Channel":"Microsoft-Windows-Windows Defender/Operational","EventID":"5007","sigma_title":"Defender Configuration Keyword","sigma_id":"3f3c6e2a-0c55-4d7e-9b0e-1a2b3c4d5e03","sigma_level":"high","source_file":"tests/data/formats/fixtures/events.xml","record_id":"3726"}

$ trawl run --sigma tests/data/sigma -d 3f3c6e2a-0c55-4d7e-9b0e-1a2b3c4d5e01 -d 'Failed Logon' -d tests/data/sigma/defender_keywords.yml -f jsonl tests/data/formats/fixtures/events.evtx.jsonl
{"search_name":"Command Shell Started","_time":"1680031874.812003","Computer":"ar-win-2.attackrange.local","Channel":"Security","EventID":"4688","sigma_title":"Command Shell Started","sigma_id":"3f3c6e2a-0c55-4d7e-9b0e-1a2b3c4d5e01","sigma_level":"medium","sigma_tags":["attack.execution","attack.t1059.003"],"Image":"C:\\Program Files\\SplunkUniversalForwarder\\bin\\splunk-MonitorNoHandle.exe","source_file":"tests/data/formats/fixtures/events.evtx.jsonl","record_id":"362027"}
{"search_name":"Command Shell Started","_time":"1602155026.617920","Computer":"win-dc-6764986.attackrange.local","Channel":"Microsoft-Windows-Sysmon/Operational","EventID":"1","sigma_title":"Command Shell Started","sigma_id":"3f3c6e2a-0c55-4d7e-9b0e-1a2b3c4d5e01","sigma_level":"medium","sigma_tags":["attack.execution","attack.t1059.003"],"Image":"C:\\Windows\\System32\\cmd.exe","source_file":"tests/data/formats/fixtures/events.evtx.jsonl","record_id":"4522"}
{"search_name":"Failed Logon","_time":"1679516715.594676","Computer":"ar-win-8.attackrange.local","Channel":"Security","EventID":"4625","sigma_title":"Failed Logon","sigma_id":"3f3c6e2a-0c55-4d7e-9b0e-1a2b3c4d5e02","sigma_level":"low","sigma_tags":["attack.credential-access","attack.t1110"],"TargetUserName":"Administrator","IpAddress":"10.0.1.30","source_file":"tests/data/formats/fixtures/events.evtx.jsonl","record_id":"367348"}
{"search_name":"Defender Configuration Keyword","_time":"1701081556.174010","Computer":"researchvmhaa","Channel":"Microsoft-Windows-Windows Defender/Operational","EventID":"5007","sigma_title":"Defender Configuration Keyword","sigma_id":"3f3c6e2a-0c55-4d7e-9b0e-1a2b3c4d5e03","sigma_level":"high","source_file":"tests/data/formats/fixtures/events.evtx.jsonl","record_id":"3726"}

$ trawl run --sigma tests/data/sigma -d 3f3c6e2a-0c55-4d7e-9b0e-1a2b3c4d5e01 -d 'Failed Logon' -d tests/data/sigma/defender_keywords.yml -f jsonl tests/data/formats/fixtures/events.splunk.json
{"search_name":"Command Shell Started","_time":"1680031874.812003","Computer":"ar-win-2.attackrange.local","Channel":"Security","EventID":"4688","sigma_title":"Command Shell Started","sigma_id":"3f3c6e2a-0c55-4d7e-9b0e-1a2b3c4d5e01","sigma_level":"medium","sigma_tags":["attack.execution","attack.t1059.003"],"Image":"C:\\Program Files\\SplunkUniversalForwarder\\bin\\splunk-MonitorNoHandle.exe","source_file":"tests/data/formats/fixtures/events.splunk.json","record_id":"362027"}
{"search_name":"Command Shell Started","_time":"1602155026.617920","Computer":"win-dc-6764986.attackrange.local","Channel":"Microsoft-Windows-Sysmon/Operational","EventID":"1","sigma_title":"Command Shell Started","sigma_id":"3f3c6e2a-0c55-4d7e-9b0e-1a2b3c4d5e01","sigma_level":"medium","sigma_tags":["attack.execution","attack.t1059.003"],"Image":"C:\\Windows\\System32\\cmd.exe","source_file":"tests/data/formats/fixtures/events.splunk.json","record_id":"4522"}
{"search_name":"Failed Logon","_time":"1679516715.594676","Computer":"ar-win-8.attackrange.local","Channel":"Security","EventID":"4625","sigma_title":"Failed Logon","sigma_id":"3f3c6e2a-0c55-4d7e-9b0e-1a2b3c4d5e02","sigma_level":"low","sigma_tags":["attack.credential-access","attack.t1110"],"TargetUserName":"Administrator","IpAddress":"10.0.1.30","source_file":"tests/data/formats/fixtures/events.splunk.json","record_id":"367348"}
{"search_name":"Defender Configuration Keyword","_time":"1701081556.174010","Computer":"researchvmhaa","Channel":"Microsoft-Windows-Windows Defender/Operational","EventID":"5007","sigma_title":"Defender Configuration Keyword","sigma_id":"3f3c6e2a-0c55-4d7e-9b0e-1a2b3c4d5e03","sigma_level":"high","source_file":"tests/data/formats/fixtures/events.splunk.json","record_id":"3726"}

# Every rule --min-level selects (and the built-in detections), one pass; tables
# show the sections with results.
$ trawl run --sigma tests/data/sigma --min-level medium -f table tests/data/formats/fixtures/events.evtx
Windows IIS Components Module Failed to Load (1 result)
EventCode  dest                             Name                            ModuleDll        count  firstTime            lastTime             source_file
---------  -------------------------------  ------------------------------  ---------------  -----  -------------------  -------------------  ---------------------------------------
     2282  win-dc-exch01.attackrange.local  Microsoft-Windows-IIS-W3SVC-WP  c:\temp\msf.dll      1  2022-12-20T15:58:25  2022-12-20T15:58:25  tests/data/formats/fixtures/events.evtx
Defender Configuration Keyword (1 result)
_time                    Computer       Channel                                         EventID  sigma_title                     sigma_id                              sigma_level  sigma_tags  source_file                              record_id
-----------------------  -------------  ----------------------------------------------  -------  ------------------------------  ------------------------------------  -----------  ----------  ---------------------------------------  ---------
2023-11-27 10:39:16.174  researchvmhaa  Microsoft-Windows-Windows Defender/Operational     5007  Defender Configuration Keyword  3f3c6e2a-0c55-4d7e-9b0e-1a2b3c4d5e03  high                     tests/data/formats/fixtures/events.evtx       3726
Command Shell Started (2 results)
_time                    Computer                          Channel                               EventID  sigma_title            sigma_id                              sigma_level  sigma_tags        Image                                                                     source_file                              record_id
-----------------------  --------------------------------  ------------------------------------  -------  ---------------------  ------------------------------------  -----------  ----------------  ------------------------------------------------------------------------  ---------------------------------------  ---------
2023-03-28 19:31:14.812  ar-win-2.attackrange.local        Security                                 4688  Command Shell Started  3f3c6e2a-0c55-4d7e-9b0e-1a2b3c4d5e01  medium       attack.execution  C:\Program Files\SplunkUniversalForwarder\bin\splunk-MonitorNoHandle.exe  tests/data/formats/fixtures/events.evtx     362027
                                                                                                                                                                                    attack.t1059.003
2020-10-08 11:03:46.617  win-dc-6764986.attackrange.local  Microsoft-Windows-Sysmon/Operational        1  Command Shell Started  3f3c6e2a-0c55-4d7e-9b0e-1a2b3c4d5e01  medium       attack.execution  C:\Windows\System32\cmd.exe                                               tests/data/formats/fixtures/events.evtx       4522
                                                                                                                                                                                    attack.t1059.003

# Risk events: level to score, ATT&CK tags to annotations; the summary adds Sigma
# and Splunk detections per object.
$ trawl run --sigma tests/data/sigma -d 'Command Shell Started' --risk -f jsonl tests/data/formats/fixtures/events.evtx
{"_time":"1680031874.812003","search_name":"Command Shell Started","risk_object":"ar-win-2.attackrange.local","risk_object_type":"system","risk_score":50,"risk_message":"Command Shell Started on ar-win-2.attackrange.local","annotations.mitre_attack":["T1059.003"],"source_file":"tests/data/formats/fixtures/events.evtx","record_id":"362027"}
{"_time":"1602155026.617920","search_name":"Command Shell Started","risk_object":"win-dc-6764986.attackrange.local","risk_object_type":"system","risk_score":50,"risk_message":"Command Shell Started on win-dc-6764986.attackrange.local","annotations.mitre_attack":["T1059.003"],"source_file":"tests/data/formats/fixtures/events.evtx","record_id":"4522"}
{"type":"risk_summary","risk_object":"ar-win-2.attackrange.local","risk_object_type":"system","total_risk_score":50,"detection_count":1,"detections":["Command Shell Started"],"mitre_techniques":["T1059.003"],"firstTime":"2023-03-28T19:31:14","lastTime":"2023-03-28T19:31:14","over_threshold":"no"}
{"type":"risk_summary","risk_object":"win-dc-6764986.attackrange.local","risk_object_type":"system","total_risk_score":50,"detection_count":1,"detections":["Command Shell Started"],"mitre_techniques":["T1059.003"],"firstTime":"2020-10-08T11:03:46","lastTime":"2020-10-08T11:03:46","over_threshold":"no"}

$ trawl list --sigma tests/data/sigma -f csv
rule,state,id,level,status,logsource,reason,origin
Defender Configuration Keyword,loaded,3f3c6e2a-0c55-4d7e-9b0e-1a2b3c4d5e03,high,test,windows/windefend,,tests/data/sigma/defender_keywords.yml
Command Shell Started,loaded,3f3c6e2a-0c55-4d7e-9b0e-1a2b3c4d5e01,medium,test,windows/process_creation,,tests/data/sigma/proc_creation_cmd.yml
Failed Logon,loaded,3f3c6e2a-0c55-4d7e-9b0e-1a2b3c4d5e02,low,experimental,windows/security,,tests/data/sigma/security_failed_logon.yml
! trawl: sigma: 3 rules loaded (3 shown), 0 skipped, from 3 files (0 other YAML documents)
! trawl: Sigma rules are used under the Detection Rule License (DRL) 1.1 (https://github.com/SigmaHQ/Detection-Rule-License); rule authors as named in each rule.

$ trawl list --sigma tests/data/sigma --tag attack.t1110 -f csv
rule,state,id,level,status,logsource,reason,origin
Failed Logon,loaded,3f3c6e2a-0c55-4d7e-9b0e-1a2b3c4d5e02,low,experimental,windows/security,,tests/data/sigma/security_failed_logon.yml
! trawl: sigma: 3 rules loaded (1 shown), 0 skipped, from 3 files (0 other YAML documents)
! trawl: Sigma rules are used under the Detection Rule License (DRL) 1.1 (https://github.com/SigmaHQ/Detection-Rule-License); rule authors as named in each rule.

$ trawl run --sigma tests/data/sigma --min-level severe tests/data/formats/fixtures/events.evtx
! trawl: --min-level 'severe': expected informational, low, medium, high or critical
! try 'trawl run --help'
? 2

$ trawl run --sigma tests/data/no_such_dir tests/data/formats/fixtures/events.evtx
! trawl: tests/data/no_such_dir: No such file or directory
? 2

$ trawl search --sigma tests/data/sigma 'EventCode=1' tests/data/formats/fixtures/events.evtx
! trawl: --sigma is an option of 'trawl run'
! try 'trawl search --help'
? 2

$ trawl run --sigma tests/data/sigma -d no_such_rule tests/data/formats/fixtures/events.evtx
! trawl: unknown detection 'no_such_rule' (try 'trawl list detections' or 'trawl list --sigma PATH')
? 2
