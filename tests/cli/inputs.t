# Inputs and exit codes say the truth (docs/formats.md "Paths").

# A path that does not exist is a usage error (exit 2), found before anything is
# printed or written, every missing path named; in every command.
$ trawl search '* | stats count' -f csv tests/data/seed/iis_fleet.xml no_such.evtx no_such_dir/
! trawl: no_such.evtx: cannot open: No such file or directory
! trawl: no_such_dir/: cannot open: No such file or directory
? 2

$ trawl run -d windows_iis_components_module_failed_to_load -f csv no_such.evtx
! trawl: no_such.evtx: cannot open: No such file or directory
? 2

$ trawl dump no_such.evtx
! trawl: no_such.evtx: cannot open: No such file or directory
? 2

$ trawl info no_such.evtx
! trawl: no_such.evtx: cannot open: No such file or directory
? 2

$ rm -rf build/test-out && mkdir -p build/test-out && trawl convert --to evtx -o build/test-out/x.evtx no_such.evtx; echo "exit $?"; ls -A build/test-out
exit 2
! trawl: no_such.evtx: cannot open: No such file or directory

# tests/data/triage/host1 is a collection as a responder gets it: logs beside a README,
# a registry hive and an executable. The files that are no log are counted in one
# line (listed with -v) and do not change the exit code; an empty .evtx, of 0 bytes or
# a header without records, is said once.
$ trawl search 'EventCode=2282 | stats count by dest' -f csv tests/data/triage
dest,count
exch01.corp.example.com,1
web01.corp.example.com,4
web02.corp.example.com,3
web09.corp.example.com,1
! trawl: tests/data/triage/host1/Logs/Empty.evtx: empty (0 bytes), no events
! trawl: tests/data/triage/host1/Logs/HeaderOnly.evtx: no records (an empty log)
! trawl: skipped 3 files of no known log format in directories (-v lists them)

$ trawl run -d windows_iis_components_module_failed_to_load -f csv -v tests/data/triage | cut -d, -f1-2
EventCode,dest
2282,exch01.corp.example.com
2282,web01.corp.example.com
2282,web02.corp.example.com
! trawl: tests/data/triage/host1/Logs/Empty.evtx: empty (0 bytes), no events
! trawl: tests/data/triage/host1/Logs/HeaderOnly.evtx: no records (an empty log)
! trawl: tests/data/triage/host1/README.txt: unknown format, skipped
! trawl: tests/data/triage/host1/Users/NTUSER.DAT: unknown format, skipped
! trawl: tests/data/triage/host1/collector.exe: unknown format, skipped
! trawl: skipped 3 files of no known log format in directories

# Named on the command line, a file that is no log is still an error (exit 3); an
# empty one is said, and is no error.
$ trawl search '* | stats count' -f csv tests/data/triage/host1/collector.exe
count
0
! trawl: tests/data/triage/host1/collector.exe: unknown format, skipped
? 3

$ trawl search '* | stats count' -f csv tests/data/triage/host1/Logs/Empty.evtx tests/data/triage/host1/Logs/HeaderOnly.evtx
count
0
! trawl: tests/data/triage/host1/Logs/Empty.evtx: empty (0 bytes), no events
! trawl: tests/data/triage/host1/Logs/HeaderOnly.evtx: no records (an empty log)

# dump and info walk a directory as run does, for the EVTX files in it.
$ trawl info tests/data/triage
tests/data/triage/host1/Logs/HeaderOnly.evtx
  format version     3.1
  header size        128 (block 4096)
  chunks in header   1 (first 0, last 0)
  next record id     16
  flags              0x0 (clean)
  header checksum    ok
  chunks in file     0
  records            0 read, 0 bad
  problems           0
! trawl: tests/data/triage/host1/Logs/Empty.evtx: empty (0 bytes), no events
! trawl: skipped 4 files in directories that are not EVTX (-v lists them)

$ trawl dump -f jsonl -v tests/data/triage tests/data/formats/iis | wc -l
18
! trawl: tests/data/triage/host1/Logs/Application.xml: not an EVTX file, skipped
! trawl: tests/data/triage/host1/Logs/Empty.evtx: empty (0 bytes), no events
! trawl: tests/data/triage/host1/Logs/HeaderOnly.evtx: no records (an empty log)
! trawl: tests/data/triage/host1/README.txt: not an EVTX file, skipped
! trawl: tests/data/triage/host1/Users/NTUSER.DAT: not an EVTX file, skipped
! trawl: tests/data/triage/host1/collector.exe: not an EVTX file, skipped
! trawl: tests/data/formats/iis/fleet.classic.log: not an EVTX file, skipped
! trawl: tests/data/formats/iis/fleet.evtx.jsonl: not an EVTX file, skipped
! trawl: tests/data/formats/iis/fleet.nxlog.json: not an EVTX file, skipped
! trawl: tests/data/formats/iis/fleet.splunk.json: not an EVTX file, skipped
! trawl: tests/data/formats/iis/fleet.winlogbeat.ndjson: not an EVTX file, skipped
! trawl: tests/data/formats/iis/fleet.xml: not an EVTX file, skipped
! trawl: skipped 10 files in directories that are not EVTX

# Named, a file that is not EVTX is still an error for dump.
$ trawl dump tests/data/triage/host1/README.txt
! trawl: tests/data/triage/host1/README.txt: not an EVTX file
? 3
