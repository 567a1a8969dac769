# -o never loses evidence (outfile.h, cli_paths.h): an output that is one of the inputs
# is refused, whatever path leads to it; results go to a temporary file beside the
# target, renamed into place only when the command succeeds. Every case works in
# build/test-out and checks the old file byte for byte and that no temporary is left.

# convert onto its own input: refused before anything is written (exit 2).
$ rm -rf build/test-out && mkdir -p build/test-out && cp examples/iis/application.evtx build/test-out/self.evtx && trawl convert --to evtx -o build/test-out/self.evtx build/test-out/self.evtx; echo "exit $?"; cmp build/test-out/self.evtx examples/iis/application.evtx && ls -A build/test-out
exit 2
self.evtx
! trawl: build/test-out/self.evtx: is one of the inputs: not overwritten (write the output elsewhere)

# ... through a symbolic link, either way round, and through a hard link.
$ rm -rf build/test-out && mkdir -p build/test-out && cp examples/iis/application.evtx build/test-out/self.evtx && ln -s self.evtx build/test-out/link.evtx && trawl convert --to evtx -o build/test-out/link.evtx build/test-out/self.evtx; echo "exit $?"; cmp build/test-out/self.evtx examples/iis/application.evtx && ls -A build/test-out
exit 2
link.evtx
self.evtx
! trawl: build/test-out/link.evtx: is the same file as input build/test-out/self.evtx: not overwritten (write the output elsewhere)

$ rm -rf build/test-out && mkdir -p build/test-out && cp examples/iis/application.evtx build/test-out/self.evtx && ln -s self.evtx build/test-out/link.evtx && trawl convert --to xml -o build/test-out/self.evtx build/test-out/link.evtx; echo "exit $?"; cmp build/test-out/self.evtx examples/iis/application.evtx && ls -A build/test-out
exit 2
link.evtx
self.evtx
! trawl: build/test-out/self.evtx: is the same file as input build/test-out/link.evtx: not overwritten (write the output elsewhere)

$ rm -rf build/test-out && mkdir -p build/test-out && cp examples/iis/application.evtx build/test-out/self.evtx && ln build/test-out/self.evtx build/test-out/hard.evtx && trawl convert --to evtx -o build/test-out/hard.evtx build/test-out/self.evtx; echo "exit $?"; cmp build/test-out/self.evtx examples/iis/application.evtx && ls -A build/test-out
exit 2
hard.evtx
self.evtx
! trawl: build/test-out/hard.evtx: is the same file as input build/test-out/self.evtx: not overwritten (write the output elsewhere)

# ... and a file a directory walk would read.
$ rm -rf build/test-out && mkdir -p build/test-out/logs && cp examples/iis/application.evtx build/test-out/logs/a.evtx && trawl convert --to evtx -o build/test-out/logs/a.evtx build/test-out; echo "exit $?"; cmp build/test-out/logs/a.evtx examples/iis/application.evtx && ls -A build/test-out/logs
exit 2
a.evtx
! trawl: build/test-out/logs/a.evtx: is a file under input build/test-out: not overwritten (write the output elsewhere)

# A file the walk does not select (--glob) is not an input.
$ rm -rf build/test-out && mkdir -p build/test-out/logs && cp examples/iis/application.evtx build/test-out/logs/a.evtx && echo old > build/test-out/logs/hits.csv && trawl search 'EventCode=2282 | stats count' --glob '*.evtx' -o build/test-out/logs/hits.csv build/test-out/logs && cat build/test-out/logs/hits.csv && ls -A build/test-out/logs
count
7
a.evtx
hits.csv

# run, search and dump -o refuse the same way.
$ rm -rf build/test-out && mkdir -p build/test-out && cp examples/iis/application.evtx build/test-out/self.evtx && trawl search '* | stats count' -f csv -o build/test-out/self.evtx build/test-out; echo "exit $?"; trawl run -d windows_iis_components_module_failed_to_load -o build/test-out/self.evtx build/test-out/self.evtx; echo "exit $?"; trawl dump -o build/test-out/self.evtx build/test-out/self.evtx; echo "exit $?"; cmp build/test-out/self.evtx examples/iis/application.evtx && ls -A build/test-out
exit 2
exit 2
exit 2
self.evtx
! trawl: build/test-out/self.evtx: is a file under input build/test-out: not overwritten (write the output elsewhere)
! trawl: build/test-out/self.evtx: is one of the inputs: not overwritten (write the output elsewhere)
! trawl: build/test-out/self.evtx: is one of the inputs: not overwritten (write the output elsewhere)

# An output written into an input directory is not read back while it is written.
$ rm -rf build/test-out && mkdir -p build/test-out && cp examples/iis/application.evtx build/test-out/a.evtx && trawl convert --to xml -o build/test-out/all.xml build/test-out && wc -l < build/test-out/all.xml && ls -A build/test-out
15
a.evtx
all.xml

# A failed run leaves the old file as it was and no temporary file: an SPL error after
# -o was opened ...
$ rm -rf build/test-out && mkdir -p build/test-out && echo precious > build/test-out/hits.csv && trawl search 'EventCode=2282 | frobnicate' -o build/test-out/hits.csv examples/iis/application.evtx; echo "exit $?"; cat build/test-out/hits.csv && ls -A build/test-out
exit 2
precious
hits.csv
! trawl: unsupported SPL command 'frobnicate' at column 18
!   EventCode=2282 | frobnicate
!                    ^

# ... a write that fails (file size limit: EFBIG) ...
$ rm -rf build/test-out && mkdir -p build/test-out && cp examples/iis/application.evtx build/test-out/old.evtx && (trap '' XFSZ; ulimit -f 16; trawl convert --to evtx -o build/test-out/old.evtx examples/iis/application.xml); echo "exit $?"; cmp build/test-out/old.evtx examples/iis/application.evtx && ls -A build/test-out
exit 1
old.evtx
! trawl: build/test-out/old.evtx: File too large

# ... and a run killed while it reads (SIGTERM; stdin never ends).
$ rm -rf build/test-out && mkdir -p build/test-out && echo precious > build/test-out/hits.csv && { sleep 10 2>/dev/null | trawl search '*' -f csv -o build/test-out/hits.csv - & } && pid=$! && until ls -A build/test-out | grep -q trawl-; do sleep 0.05; done; kill -TERM $pid; wait $pid; echo "exit $?"; cat build/test-out/hits.csv && ls -A build/test-out
exit 143
precious
hits.csv

# Success replaces the file, keeping its permissions.
$ rm -rf build/test-out && mkdir -p build/test-out && echo old > build/test-out/hits.csv && chmod 640 build/test-out/hits.csv && trawl search 'EventCode=2282 | stats count' -o build/test-out/hits.csv examples/iis/application.evtx && cat build/test-out/hits.csv && stat -c %a build/test-out/hits.csv && ls -A build/test-out
count
7
640
hits.csv

# CSV of several detections into a directory: each detection compiled once; one trawl
# cannot run leaves no file (and no temporary) behind, nor does one without results.
$ rm -rf build/test-out && trawl run -f csv -o build/test-out --content tests/data/content/unsupported examples/iis/application.evtx && ls -A build/test-out
windows_iis_components_module_failed_to_load.csv
! trawl: skipped 1 of 10 detections whose SPL trawl cannot run yet (-v lists them)

# --all: every detection that ran has its file, results or not.
$ rm -rf build/test-out && trawl run -f csv --all -o build/test-out --content tests/data/content/unsupported examples/iis/application.evtx && ls -A build/test-out
windows_disable_windows_event_logging_disable_http_logging.csv
windows_iis_components_add_new_module.csv
windows_iis_components_get_webglobalmodule_module_query.csv
windows_iis_components_module_failed_to_load.csv
windows_iis_components_new_module_added.csv
windows_powershell_add_module_to_global_assembly_cache.csv
windows_powershell_disable_http_logging.csv
windows_powershell_iis_components_webglobalmodule_usage.csv
windows_server_software_component_gacutil_install_to_gac.csv
! trawl: skipped 1 of 10 detections whose SPL trawl cannot run yet (-v lists them)

# -o DIR keeps a file only for detections with results; a file an earlier run left
# there for a detection that has none this time is removed (and counted), so the
# directory never shows a hit this run did not find. Other files stay.
$ rm -rf build/test-out && trawl run --all --content tests/data/responder/content -o build/test-out -f csv tests/data/responder/evidence 2>/dev/null; echo notes > build/test-out/notes.txt; trawl run --content tests/data/responder/content -o build/test-out -f csv tests/data/responder/evidence 2>&1 | grep removed; ls build/test-out
trawl: build/test-out: removed 2 results files of an earlier run for detections without results this time
notes.txt
powershell_script_blocks.csv
windows_disable_windows_event_logging_disable_http_logging.csv
windows_iis_components_add_new_module.csv
windows_iis_components_module_failed_to_load.csv
windows_powershell_add_module_to_global_assembly_cache.csv
windows_powershell_disable_http_logging.csv
windows_powershell_iis_components_webglobalmodule_usage.csv
windows_server_software_component_gacutil_install_to_gac.csv
