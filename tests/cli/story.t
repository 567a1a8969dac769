# The "IIS Components" story end to end, over examples/iis-attack: an attacked IIS
# server whose logs come as EVTX (PowerShell), XmlWinEventLog (Sysmon, Security,
# IIS-Configuration) and classic WinEventLog text (Application), with benign
# look-alikes under benign/ that no built-in detection may flag.

# The risk summary per risk object, as JSON lines, after the risk events.
$ trawl run --story "IIS Components" --risk -f jsonl examples/iis-attack
{"_time":"1710140740","search_name":"Windows Disable Windows Event Logging Disable HTTP Logging","risk_object":"CORP\\svc_iisadmin","risk_object_type":"user","risk_score":64,"risk_message":"An instance of cmd.exe spawning appcmd.exe was identified on endpoint web01.corp.example.com by user CORP\\svc_iisadmin attempting to disable IIS HTTP Logging.","annotations.mitre_attack":["T1562.002","T1562","T1505","T1505.004"],"analyticstories":["IIS Components"],"source_file":"examples/iis-attack/sysmon.xml"}
{"_time":"1710140740","search_name":"Windows Disable Windows Event Logging Disable HTTP Logging","risk_object":"web01.corp.example.com","risk_object_type":"system","risk_score":64,"risk_message":"An instance of cmd.exe spawning appcmd.exe was identified on endpoint web01.corp.example.com by user CORP\\svc_iisadmin attempting to disable IIS HTTP Logging.","annotations.mitre_attack":["T1562.002","T1562","T1505","T1505.004"],"analyticstories":["IIS Components"],"source_file":"examples/iis-attack/sysmon.xml"}
{"_time":"1710140282","search_name":"Windows IIS Components Add New Module","risk_object":"CORP\\svc_iisadmin","risk_object_type":"user","risk_score":64,"risk_message":"An instance of cmd.exe spawning appcmd.exe was identified on endpoint web01.corp.example.com by user CORP\\svc_iisadmin attempting to install a new IIS module.","annotations.mitre_attack":["T1505","T1505.004"],"analyticstories":["IIS Components"],"source_file":"examples/iis-attack/sysmon.xml"}
{"_time":"1710140282","search_name":"Windows IIS Components Add New Module","risk_object":"web01.corp.example.com","risk_object_type":"system","risk_score":64,"risk_message":"An instance of cmd.exe spawning appcmd.exe was identified on endpoint web01.corp.example.com by user CORP\\svc_iisadmin attempting to install a new IIS module.","annotations.mitre_attack":["T1505","T1505.004"],"analyticstories":["IIS Components"],"source_file":"examples/iis-attack/sysmon.xml"}
{"_time":"1710141164","search_name":"Windows IIS Components Module Failed to Load","risk_object":"web01.corp.example.com","risk_object_type":"system","risk_score":25,"risk_message":"A new IIS Module has been loaded and should be reviewed on web01.corp.example.com.","annotations.mitre_attack":["T1505","T1505.004"],"analyticstories":["IIS Components"],"source_file":"examples/iis-attack/application.log"}
{"_time":"1710140282","search_name":"Windows IIS Components New Module Added","risk_object":"web01.corp.example.com","risk_object_type":"system","risk_score":48,"risk_message":"A new IIS Module has been loaded and should be reviewed on web01.corp.example.com.","annotations.mitre_attack":["T1505","T1505.004"],"analyticstories":["IIS Components"],"source_file":"examples/iis-attack/iis-configuration.xml"}
{"_time":"1710140469","search_name":"Windows PowerShell Add Module to Global Assembly Cache","risk_object":"web01.corp.example.com","risk_object_type":"system","risk_score":64,"risk_message":"PowerShell was used to install a module to the Global Assembly Cache on web01.corp.example.com.","annotations.mitre_attack":["T1505","T1505.004"],"analyticstories":["IIS Components"],"source_file":"examples/iis-attack/powershell.evtx"}
{"_time":"1710140772","search_name":"Windows PowerShell Disable HTTP Logging","risk_object":"web01.corp.example.com","risk_object_type":"system","risk_score":64,"risk_message":"A PowerShell Cmdlet related to disable or modifying a IIS HTTP logging has occurred on web01.corp.example.com.","annotations.mitre_attack":["T1562","T1562.002","T1505","T1505.004"],"analyticstories":["IIS Components"],"source_file":"examples/iis-attack/powershell.evtx"}
{"_time":"1710140571","search_name":"Windows PowerShell IIS Components WebGlobalModule Usage","risk_object":"web01.corp.example.com","risk_object_type":"system","risk_score":64,"risk_message":"A PowerShell Cmdlet related to enabling, creating or modifying a IIS module has occurred on web01.corp.example.com.","annotations.mitre_attack":["T1505","T1505.004"],"analyticstories":["IIS Components"],"source_file":"examples/iis-attack/powershell.evtx"}
{"_time":"1710140355","search_name":"Windows Server Software Component GACUtil Install to GAC","risk_object":"svc_iisadmin","risk_object_type":"user","risk_score":49,"risk_message":"An instance of cmd.exe spawning gacutil.exe was identified on endpoint web01.corp.example.com by user svc_iisadmin attempting to add a module to the global assembly cache.","annotations.mitre_attack":["T1505","T1505.004"],"analyticstories":["IIS Components"],"source_file":"examples/iis-attack/security.xml"}
{"_time":"1710140355","search_name":"Windows Server Software Component GACUtil Install to GAC","risk_object":"web01.corp.example.com","risk_object_type":"system","risk_score":49,"risk_message":"An instance of cmd.exe spawning gacutil.exe was identified on endpoint web01.corp.example.com by user svc_iisadmin attempting to add a module to the global assembly cache.","annotations.mitre_attack":["T1505","T1505.004"],"analyticstories":["IIS Components"],"source_file":"examples/iis-attack/security.xml"}
{"type":"risk_summary","risk_object":"web01.corp.example.com","risk_object_type":"system","total_risk_score":442,"detection_count":8,"detections":["Windows Disable Windows Event Logging Disable HTTP Logging","Windows IIS Components Add New Module","Windows IIS Components Module Failed to Load","Windows IIS Components New Module Added","Windows PowerShell Add Module to Global Assembly Cache","Windows PowerShell Disable HTTP Logging","Windows PowerShell IIS Components WebGlobalModule Usage","Windows Server Software Component GACUtil Install to GAC"],"mitre_techniques":["T1505","T1505.004","T1562","T1562.002"],"firstTime":"2024-03-11T06:58:02","lastTime":"2024-03-11T07:12:44","over_threshold":"yes"}
{"type":"risk_summary","risk_object":"CORP\\svc_iisadmin","risk_object_type":"user","total_risk_score":128,"detection_count":2,"detections":["Windows Disable Windows Event Logging Disable HTTP Logging","Windows IIS Components Add New Module"],"mitre_techniques":["T1505","T1505.004","T1562","T1562.002"],"firstTime":"2024-03-11T06:58:02","lastTime":"2024-03-11T07:05:40","over_threshold":"yes"}
{"type":"risk_summary","risk_object":"svc_iisadmin","risk_object_type":"user","total_risk_score":49,"detection_count":1,"detections":["Windows Server Software Component GACUtil Install to GAC"],"mitre_techniques":["T1505","T1505.004"],"firstTime":"2024-03-11T06:59:15","lastTime":"2024-03-11T06:59:15","over_threshold":"no"}

# The table form: one titled table per detection, then the summary; a higher
# threshold leaves the user below it.
$ trawl run --story "IIS Components" --risk --risk-threshold 200 -f table examples/iis-attack 2>&1 | tail -n 14
web01.corp.example.com  system                         442                8  Windows Disable Windows Event Logging Disable HTTP Logging  T1505             2024-03-11T06:58:02  2024-03-11T07:12:44  yes
                                                                             Windows IIS Components Add New Module                       T1505.004
                                                                             Windows IIS Components Module Failed to Load                T1562
                                                                             Windows IIS Components New Module Added                     T1562.002
                                                                             Windows PowerShell Add Module to Global Assembly Cache
                                                                             Windows PowerShell Disable HTTP Logging
                                                                             Windows PowerShell IIS Components WebGlobalModule Usage
                                                                             Windows Server Software Component GACUtil Install to GAC
CORP\svc_iisadmin       user                           128                2  Windows Disable Windows Event Logging Disable HTTP Logging  T1505             2024-03-11T06:58:02  2024-03-11T07:05:40  no
                                                                             Windows IIS Components Add New Module                       T1505.004
                                                                                                                                         T1562
                                                                                                                                         T1562.002
svc_iisadmin            user                            49                1  Windows Server Software Component GACUtil Install to GAC    T1505             2024-03-11T06:59:15  2024-03-11T06:59:15  no
                                                                                                                                         T1505.004

# tstats over Endpoint.Processes: the real Sysmon 1 and Security 4688 fixtures mapped to
# CIM (4688 hex ids become decimal, the user is the add-on's: 4688's target, else its
# subject, without a domain; Sysmon's User as written; names come from paths).
$ trawl search -f jsonl '| tstats count from datamodel=Endpoint.Processes by Processes.dest Processes.user Processes.process_name Processes.process_path Processes.process_id Processes.parent_process_name Processes.parent_process_id Processes.process_integrity_level' ../shared/fixtures/xmlwineventlog/sysmon_eventid_1.xml ../shared/fixtures/xmlwineventlog/windows_event_log_security_4688.xml
{"Processes.dest":"ar-win-1","Processes.user":"AR-WIN-1$","Processes.process_name":"splunk-powershell.exe","Processes.process_path":"C:\\Program Files\\SplunkUniversalForwarder\\bin\\splunk-powershell.exe","Processes.process_id":"3972","Processes.parent_process_name":"splunkd.exe","Processes.parent_process_id":"2860","Processes.process_integrity_level":"system","count":"1"}
{"Processes.dest":"win-dc-6764986.attackrange.local","Processes.user":"ATTACKRANGE\\Administrator","Processes.process_name":"cmd.exe","Processes.process_path":"C:\\Windows\\System32\\cmd.exe","Processes.process_id":"2296","Processes.parent_process_name":"powershell.exe","Processes.parent_process_id":"4624","Processes.process_integrity_level":"high","count":"1"}

# The CIM model itself fills original_file_name with "unknown" (4688 has none), so
# fillnull_value changes nothing here; it fills fields the model leaves empty.
$ trawl search -f csv '| tstats count from datamodel=Endpoint.Processes by Processes.dest Processes.original_file_name' ../shared/fixtures/xmlwineventlog/windows_event_log_security_4688.xml ../shared/fixtures/xmlwineventlog/sysmon_eventid_1.xml
Processes.dest,Processes.original_file_name,count
ar-win-1,unknown,1
win-dc-6764986.attackrange.local,Cmd.Exe,1

$ trawl search -f csv '| tstats summariesonly=false allow_old_summaries=true fillnull_value=null count from datamodel=Endpoint.Processes by Processes.dest Processes.original_file_name' ../shared/fixtures/xmlwineventlog/windows_event_log_security_4688.xml ../shared/fixtures/xmlwineventlog/sysmon_eventid_1.xml
Processes.dest,Processes.original_file_name,count
ar-win-1,unknown,1
win-dc-6764986.attackrange.local,Cmd.Exe,1

# Only mapped data models run.
$ trawl search '| tstats count from datamodel=Web.Web' examples/iis-attack 2>&1
trawl: unsupported data model 'Web.Web' (trawl maps Endpoint.Processes, Endpoint.Filesystem, Endpoint.Registry, Endpoint.Services, Network_Traffic.All_Traffic, Network_Resolution.DNS, Authentication.Authentication, Change.All_Changes) at column 31
  | tstats count from datamodel=Web.Web
                                ^
? 2

# Splunk's own nine detections load and run unchanged; their broader searches also
# flag some benign look-alikes (Get-WebConfigurationProperty, appcmd list config).
$ trawl run --content ../shared/security_content --story "IIS Components" --risk -f jsonl examples/iis-attack | grep -c '"search_name"'
14

$ trawl run --content ../shared/security_content --story "IIS Components" --risk -f jsonl examples/iis-attack | grep risk_summary
{"type":"risk_summary","risk_object":"web01.corp.example.com","risk_object_type":"system","total_risk_score":570,"detection_count":8,"detections":["Windows Disable Windows Event Logging Disable HTTP Logging","Windows IIS Components Add New Module","Windows IIS Components Module Failed to Load","Windows IIS Components New Module Added","Windows PowerShell Add Module to Global Assembly Cache","Windows PowerShell Disable HTTP Logging","Windows PowerShell IIS Components WebGlobalModule Usage","Windows Server Software Component GACUtil Install to GAC"],"mitre_techniques":["T1505","T1505.004","T1562","T1562.002"],"firstTime":"2024-03-10T09:25:30","lastTime":"2024-03-11T07:12:44","over_threshold":"yes"}
{"type":"risk_summary","risk_object":"CORP\\svc_iisadmin","risk_object_type":"user","total_risk_score":128,"detection_count":2,"detections":["Windows Disable Windows Event Logging Disable HTTP Logging","Windows IIS Components Add New Module"],"mitre_techniques":["T1505","T1505.004","T1562","T1562.002"],"firstTime":"2024-03-11T06:58:02","lastTime":"2024-03-11T07:05:40","over_threshold":"yes"}
{"type":"risk_summary","risk_object":"CORP\\web_admin","risk_object_type":"user","total_risk_score":64,"detection_count":1,"detections":["Windows Disable Windows Event Logging Disable HTTP Logging"],"mitre_techniques":["T1505","T1505.004","T1562","T1562.002"],"firstTime":"2024-03-10T09:25:30","lastTime":"2024-03-10T09:25:30","over_threshold":"no"}
{"type":"risk_summary","risk_object":"svc_iisadmin","risk_object_type":"user","total_risk_score":49,"detection_count":1,"detections":["Windows Server Software Component GACUtil Install to GAC"],"mitre_techniques":["T1505","T1505.004"],"firstTime":"2024-03-11T06:59:15","lastTime":"2024-03-11T06:59:15","over_threshold":"no"}

# The Get-WebGlobalModule inventory is key=value text, read only with --sourcetype.
$ trawl run -d windows_iis_components_get_webglobalmodule_module_query -f csv --sourcetype Pwsh:InstalledIISModules examples/iis-modules/installed_iis_modules.log
dest,name,image,count,firstTime,lastTime,source_file
web01.corp.example.com,HttpCacheModule,%windir%\System32\inetsrv\cachhttp.dll,2,2024-03-11T07:10:00,2024-03-11T08:10:00,examples/iis-modules/installed_iis_modules.log
web01.corp.example.com,IsapiCache,C:\Windows\Temp\isapicache.dll,2,2024-03-11T07:10:00,2024-03-11T08:10:00,examples/iis-modules/installed_iis_modules.log
web01.corp.example.com,StaticFileModule,%windir%\System32\inetsrv\static.dll,2,2024-03-11T07:10:00,2024-03-11T08:10:00,examples/iis-modules/installed_iis_modules.log
web01.corp.example.com,UriCacheModule,%windir%\System32\inetsrv\cachuri.dll,2,2024-03-11T07:10:00,2024-03-11T08:10:00,examples/iis-modules/installed_iis_modules.log

$ trawl run -d windows_iis_components_get_webglobalmodule_module_query -f csv examples/iis-modules/installed_iis_modules.log 2>&1
trawl: examples/iis-modules/installed_iis_modules.log: key=value lines are read only with --sourcetype (e.g. --sourcetype Pwsh:InstalledIISModules), file skipped
dest,name,image,count,firstTime,lastTime
? 3

# Every built-in detection passes its positive and its negative test.
$ trawl test
PASS windows_disable_windows_event_logging_disable_http_logging: True Positive Test (1 result)
PASS windows_disable_windows_event_logging_disable_http_logging: Negative Test (benign look-alikes) (no results from 3 events, as expected)
PASS windows_iis_components_add_new_module: True Positive Test (1 result)
PASS windows_iis_components_add_new_module: Negative Test (benign look-alikes) (no results from 3 events, as expected)
PASS windows_iis_components_get_webglobalmodule_module_query: True Positive Test (4 results)
PASS windows_iis_components_get_webglobalmodule_module_query: Negative Test (benign look-alikes) (no results from 1 events, as expected)
PASS windows_iis_components_module_failed_to_load: True Positive Test (3 results)
PASS windows_iis_components_module_failed_to_load: Negative Test (other IIS module events) (no results from 2 events, as expected)
PASS windows_iis_components_new_module_added: True Positive Test (1 result)
PASS windows_iis_components_new_module_added: Negative Test (benign look-alikes) (no results from 1 events, as expected)
PASS windows_powershell_add_module_to_global_assembly_cache: True Positive Test (1 result)
PASS windows_powershell_add_module_to_global_assembly_cache: Negative Test (benign look-alikes) (no results from 3 events, as expected)
PASS windows_powershell_disable_http_logging: True Positive Test (1 result)
PASS windows_powershell_disable_http_logging: Negative Test (benign look-alikes) (no results from 3 events, as expected)
PASS windows_powershell_iis_components_webglobalmodule_usage: True Positive Test (1 result)
PASS windows_powershell_iis_components_webglobalmodule_usage: Negative Test (benign look-alikes) (no results from 3 events, as expected)
PASS windows_server_software_component_gacutil_install_to_gac: True Positive Test (1 result)
PASS windows_server_software_component_gacutil_install_to_gac: Negative Test (benign look-alikes) (no results from 1 events, as expected)
18 passed, 0 failed, 0 skipped

