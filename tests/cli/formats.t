# formats.t - the seed detection gives the same rows whichever export the IIS fleet
# arrives in (tests/data/formats/, made by make_all.sh): XmlWinEventLog, EVTX,
# evtx_dump JSON lines, Winlogbeat, NXLog, classic WinEventLog text, a Splunk JSON
# export; gzip/zstd compressed or not, in a mixed directory, or on stdin.

$ trawl run -d windows_iis_components_module_failed_to_load -f csv tests/data/formats/iis/fleet.xml
EventCode,dest,Name,ModuleDll,count,firstTime,lastTime,source_file
2282,exch01.corp.example.com,Microsoft-Windows-IIS-W3SVC-WP,C:\ProgramData\Microsoft\Crypto\RSA\owa_auth.dll,1,2024-03-12T04:18:30,2024-03-12T04:18:30,tests/data/formats/iis/fleet.xml
2282,exch01.corp.example.com,Microsoft-Windows-IIS-W3SVC-WP,C:\Users\Public\R&D\mod.dll,1,2024-03-12T06:00:00,2024-03-12T06:00:00,tests/data/formats/iis/fleet.xml
2282,web01.corp.example.com,Microsoft-Windows-IIS-W3SVC-WP,%SystemRoot%\system32\inetsrv\rewrite.dll,3,2024-03-11T07:02:13,2024-03-11T09:12:40,tests/data/formats/iis/fleet.xml
2282,web02.corp.example.com,Microsoft-Windows-IIS-W3SVC-WP,C:\Windows\Temp\iisrsv.dll,3,2024-03-11T22:47:03,2024-03-12T01:05:44,tests/data/formats/iis/fleet.xml

$ trawl run -d windows_iis_components_module_failed_to_load -f csv tests/data/formats/iis/fleet.evtx
EventCode,dest,Name,ModuleDll,count,firstTime,lastTime,source_file
2282,exch01.corp.example.com,Microsoft-Windows-IIS-W3SVC-WP,C:\ProgramData\Microsoft\Crypto\RSA\owa_auth.dll,1,2024-03-12T04:18:30,2024-03-12T04:18:30,tests/data/formats/iis/fleet.evtx
2282,exch01.corp.example.com,Microsoft-Windows-IIS-W3SVC-WP,C:\Users\Public\R&D\mod.dll,1,2024-03-12T06:00:00,2024-03-12T06:00:00,tests/data/formats/iis/fleet.evtx
2282,web01.corp.example.com,Microsoft-Windows-IIS-W3SVC-WP,%SystemRoot%\system32\inetsrv\rewrite.dll,3,2024-03-11T07:02:13,2024-03-11T09:12:40,tests/data/formats/iis/fleet.evtx
2282,web02.corp.example.com,Microsoft-Windows-IIS-W3SVC-WP,C:\Windows\Temp\iisrsv.dll,3,2024-03-11T22:47:03,2024-03-12T01:05:44,tests/data/formats/iis/fleet.evtx

$ trawl run -d windows_iis_components_module_failed_to_load -f csv tests/data/formats/iis/fleet.evtx.jsonl
EventCode,dest,Name,ModuleDll,count,firstTime,lastTime,source_file
2282,exch01.corp.example.com,Microsoft-Windows-IIS-W3SVC-WP,C:\ProgramData\Microsoft\Crypto\RSA\owa_auth.dll,1,2024-03-12T04:18:30,2024-03-12T04:18:30,tests/data/formats/iis/fleet.evtx.jsonl
2282,exch01.corp.example.com,Microsoft-Windows-IIS-W3SVC-WP,C:\Users\Public\R&D\mod.dll,1,2024-03-12T06:00:00,2024-03-12T06:00:00,tests/data/formats/iis/fleet.evtx.jsonl
2282,web01.corp.example.com,Microsoft-Windows-IIS-W3SVC-WP,%SystemRoot%\system32\inetsrv\rewrite.dll,3,2024-03-11T07:02:13,2024-03-11T09:12:40,tests/data/formats/iis/fleet.evtx.jsonl
2282,web02.corp.example.com,Microsoft-Windows-IIS-W3SVC-WP,C:\Windows\Temp\iisrsv.dll,3,2024-03-11T22:47:03,2024-03-12T01:05:44,tests/data/formats/iis/fleet.evtx.jsonl

$ trawl run -d windows_iis_components_module_failed_to_load -f csv tests/data/formats/iis/fleet.winlogbeat.ndjson
EventCode,dest,Name,ModuleDll,count,firstTime,lastTime,source_file
2282,exch01.corp.example.com,Microsoft-Windows-IIS-W3SVC-WP,C:\ProgramData\Microsoft\Crypto\RSA\owa_auth.dll,1,2024-03-12T04:18:30,2024-03-12T04:18:30,tests/data/formats/iis/fleet.winlogbeat.ndjson
2282,exch01.corp.example.com,Microsoft-Windows-IIS-W3SVC-WP,C:\Users\Public\R&D\mod.dll,1,2024-03-12T06:00:00,2024-03-12T06:00:00,tests/data/formats/iis/fleet.winlogbeat.ndjson
2282,web01.corp.example.com,Microsoft-Windows-IIS-W3SVC-WP,%SystemRoot%\system32\inetsrv\rewrite.dll,3,2024-03-11T07:02:13,2024-03-11T09:12:40,tests/data/formats/iis/fleet.winlogbeat.ndjson
2282,web02.corp.example.com,Microsoft-Windows-IIS-W3SVC-WP,C:\Windows\Temp\iisrsv.dll,3,2024-03-11T22:47:03,2024-03-12T01:05:44,tests/data/formats/iis/fleet.winlogbeat.ndjson

$ trawl run -d windows_iis_components_module_failed_to_load -f csv tests/data/formats/iis/fleet.nxlog.json
EventCode,dest,Name,ModuleDll,count,firstTime,lastTime,source_file
2282,exch01.corp.example.com,Microsoft-Windows-IIS-W3SVC-WP,C:\ProgramData\Microsoft\Crypto\RSA\owa_auth.dll,1,2024-03-12T04:18:30,2024-03-12T04:18:30,tests/data/formats/iis/fleet.nxlog.json
2282,exch01.corp.example.com,Microsoft-Windows-IIS-W3SVC-WP,C:\Users\Public\R&D\mod.dll,1,2024-03-12T06:00:00,2024-03-12T06:00:00,tests/data/formats/iis/fleet.nxlog.json
2282,web01.corp.example.com,Microsoft-Windows-IIS-W3SVC-WP,%SystemRoot%\system32\inetsrv\rewrite.dll,3,2024-03-11T07:02:13,2024-03-11T09:12:40,tests/data/formats/iis/fleet.nxlog.json
2282,web02.corp.example.com,Microsoft-Windows-IIS-W3SVC-WP,C:\Windows\Temp\iisrsv.dll,3,2024-03-11T22:47:03,2024-03-12T01:05:44,tests/data/formats/iis/fleet.nxlog.json

$ trawl run -d windows_iis_components_module_failed_to_load -f csv tests/data/formats/iis/fleet.classic.log
EventCode,dest,Name,ModuleDll,count,firstTime,lastTime,source_file
2282,exch01.corp.example.com,Microsoft-Windows-IIS-W3SVC-WP,C:\ProgramData\Microsoft\Crypto\RSA\owa_auth.dll,1,2024-03-12T04:18:30,2024-03-12T04:18:30,tests/data/formats/iis/fleet.classic.log
2282,exch01.corp.example.com,Microsoft-Windows-IIS-W3SVC-WP,C:\Users\Public\R&D\mod.dll,1,2024-03-12T06:00:00,2024-03-12T06:00:00,tests/data/formats/iis/fleet.classic.log
2282,web01.corp.example.com,Microsoft-Windows-IIS-W3SVC-WP,%SystemRoot%\system32\inetsrv\rewrite.dll,3,2024-03-11T07:02:13,2024-03-11T09:12:40,tests/data/formats/iis/fleet.classic.log
2282,web02.corp.example.com,Microsoft-Windows-IIS-W3SVC-WP,C:\Windows\Temp\iisrsv.dll,3,2024-03-11T22:47:03,2024-03-12T01:05:44,tests/data/formats/iis/fleet.classic.log

$ trawl run -d windows_iis_components_module_failed_to_load -f csv tests/data/formats/iis/fleet.splunk.json
EventCode,dest,Name,ModuleDll,count,firstTime,lastTime,source_file
2282,exch01.corp.example.com,Microsoft-Windows-IIS-W3SVC-WP,C:\ProgramData\Microsoft\Crypto\RSA\owa_auth.dll,1,2024-03-12T04:18:30,2024-03-12T04:18:30,tests/data/formats/iis/fleet.splunk.json
2282,exch01.corp.example.com,Microsoft-Windows-IIS-W3SVC-WP,C:\Users\Public\R&D\mod.dll,1,2024-03-12T06:00:00,2024-03-12T06:00:00,tests/data/formats/iis/fleet.splunk.json
2282,web01.corp.example.com,Microsoft-Windows-IIS-W3SVC-WP,%SystemRoot%\system32\inetsrv\rewrite.dll,3,2024-03-11T07:02:13,2024-03-11T09:12:40,tests/data/formats/iis/fleet.splunk.json
2282,web02.corp.example.com,Microsoft-Windows-IIS-W3SVC-WP,C:\Windows\Temp\iisrsv.dll,3,2024-03-11T22:47:03,2024-03-12T01:05:44,tests/data/formats/iis/fleet.splunk.json

# every form at once, split across formats, some compressed
$ trawl run -d windows_iis_components_module_failed_to_load -f csv tests/data/formats/mixed
EventCode,dest,Name,ModuleDll,count,firstTime,lastTime,source_file
2282,exch01.corp.example.com,Microsoft-Windows-IIS-W3SVC-WP,C:\ProgramData\Microsoft\Crypto\RSA\owa_auth.dll,1,2024-03-12T04:18:30,2024-03-12T04:18:30,tests/data/formats/mixed/splunk_export.json.gz
2282,exch01.corp.example.com,Microsoft-Windows-IIS-W3SVC-WP,C:\Users\Public\R&D\mod.dll,1,2024-03-12T06:00:00,2024-03-12T06:00:00,tests/data/formats/mixed/host-b/winlogbeat.ndjson
2282,web01.corp.example.com,Microsoft-Windows-IIS-W3SVC-WP,%SystemRoot%\system32\inetsrv\rewrite.dll,3,2024-03-11T07:02:13,2024-03-11T09:12:40,"tests/data/formats/mixed/host-a/logs/evtx_dump.jsonl.zst
tests/data/formats/mixed/host-b/wineventlog.txt
tests/data/formats/mixed/host-b/winlogbeat.ndjson"
2282,web02.corp.example.com,Microsoft-Windows-IIS-W3SVC-WP,C:\Windows\Temp\iisrsv.dll,3,2024-03-11T22:47:03,2024-03-12T01:05:44,"tests/data/formats/mixed/host-a/logs/Application.evtx.gz
tests/data/formats/mixed/host-a/logs/evtx_dump.jsonl.zst
tests/data/formats/mixed/host-b/winlogbeat.ndjson"

# stdin: compressed evtx, plain classic text, zstd JSON lines
$ gzip -c tests/data/formats/iis/fleet.evtx | trawl run -d windows_iis_components_module_failed_to_load -f csv -
EventCode,dest,Name,ModuleDll,count,firstTime,lastTime,source_file
2282,exch01.corp.example.com,Microsoft-Windows-IIS-W3SVC-WP,C:\ProgramData\Microsoft\Crypto\RSA\owa_auth.dll,1,2024-03-12T04:18:30,2024-03-12T04:18:30,(stdin)
2282,exch01.corp.example.com,Microsoft-Windows-IIS-W3SVC-WP,C:\Users\Public\R&D\mod.dll,1,2024-03-12T06:00:00,2024-03-12T06:00:00,(stdin)
2282,web01.corp.example.com,Microsoft-Windows-IIS-W3SVC-WP,%SystemRoot%\system32\inetsrv\rewrite.dll,3,2024-03-11T07:02:13,2024-03-11T09:12:40,(stdin)
2282,web02.corp.example.com,Microsoft-Windows-IIS-W3SVC-WP,C:\Windows\Temp\iisrsv.dll,3,2024-03-11T22:47:03,2024-03-12T01:05:44,(stdin)

$ cat tests/data/formats/iis/fleet.classic.log | trawl run -d windows_iis_components_module_failed_to_load -f csv -
EventCode,dest,Name,ModuleDll,count,firstTime,lastTime,source_file
2282,exch01.corp.example.com,Microsoft-Windows-IIS-W3SVC-WP,C:\ProgramData\Microsoft\Crypto\RSA\owa_auth.dll,1,2024-03-12T04:18:30,2024-03-12T04:18:30,(stdin)
2282,exch01.corp.example.com,Microsoft-Windows-IIS-W3SVC-WP,C:\Users\Public\R&D\mod.dll,1,2024-03-12T06:00:00,2024-03-12T06:00:00,(stdin)
2282,web01.corp.example.com,Microsoft-Windows-IIS-W3SVC-WP,%SystemRoot%\system32\inetsrv\rewrite.dll,3,2024-03-11T07:02:13,2024-03-11T09:12:40,(stdin)
2282,web02.corp.example.com,Microsoft-Windows-IIS-W3SVC-WP,C:\Windows\Temp\iisrsv.dll,3,2024-03-11T22:47:03,2024-03-12T01:05:44,(stdin)

$ zstd -q -c tests/data/formats/iis/fleet.nxlog.json | trawl run -d windows_iis_components_module_failed_to_load -f csv -
EventCode,dest,Name,ModuleDll,count,firstTime,lastTime,source_file
2282,exch01.corp.example.com,Microsoft-Windows-IIS-W3SVC-WP,C:\ProgramData\Microsoft\Crypto\RSA\owa_auth.dll,1,2024-03-12T04:18:30,2024-03-12T04:18:30,(stdin)
2282,exch01.corp.example.com,Microsoft-Windows-IIS-W3SVC-WP,C:\Users\Public\R&D\mod.dll,1,2024-03-12T06:00:00,2024-03-12T06:00:00,(stdin)
2282,web01.corp.example.com,Microsoft-Windows-IIS-W3SVC-WP,%SystemRoot%\system32\inetsrv\rewrite.dll,3,2024-03-11T07:02:13,2024-03-11T09:12:40,(stdin)
2282,web02.corp.example.com,Microsoft-Windows-IIS-W3SVC-WP,C:\Windows\Temp\iisrsv.dll,3,2024-03-11T22:47:03,2024-03-12T01:05:44,(stdin)

# --glob selects files of a directory walk by name
$ trawl search --glob '*.txt' 'search * | stats count by sourcetype' -f csv tests/data/formats/mixed
sourcetype,count
WinEventLog,2

# --earliest/--latest: absolute, and relative to now (all of 2024 is long ago)
$ trawl search --earliest 2024-03-12 --latest 2024-03-12T05:00:00Z 'search EventCode=2282 | stats count by dest' -f csv tests/data/formats/mixed
dest,count
exch01.corp.example.com,1
web02.corp.example.com,1

$ trawl search --earliest -7d@d 'search * | stats count' -f csv tests/data/formats/mixed
count
0

$ trawl search --earliest -7x 'search *' tests/data/formats/mixed
! trawl: --earliest '-7x': expected a unit after the offset (s, m, h, d, w, mon, q, y)
! try 'trawl search --help'
? 2

# malformed lines are reported with file:line and skipped; the rest is read (exit 3)
$ trawl search 'search * | stats count' -f csv tests/data/formats/bad/winlogbeat_3_bad.ndjson
count
4
! trawl: tests/data/formats/bad/winlogbeat_3_bad.ndjson:3: malformed JSON skipped: line break inside a string
! trawl: tests/data/formats/bad/winlogbeat_3_bad.ndjson:5: malformed JSON skipped: unexpected token near '}'
! trawl: tests/data/formats/bad/winlogbeat_3_bad.ndjson:8: JSON object is not a Windows event of a known shape (evtx_dump, Winlogbeat, NXLog, Splunk export), skipped
? 3

$ trawl search 'search * | stats count' -f csv tests/data/formats/bad/classic_1_bad.log
count
4
! trawl: tests/data/formats/bad/classic_1_bad.log:13: classic event without a numeric EventCode= line, skipped
? 3

# a truncated gzip stream: what was decoded is read, the damage reported
$ gzip -c tests/data/formats/iis/fleet.nxlog.json | head -c 1000 | trawl search 'search * | stats count' -f csv -
count
6
! trawl: (stdin):7: malformed JSON skipped: input ends inside an object
! trawl: (stdin): gzip data ends early (truncated)
? 3
