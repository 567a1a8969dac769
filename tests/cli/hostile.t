# Hostile bytes never reach the terminal (termsafe.h). tests/data/hostile/escape_sequences.xml
# is one 4624 event whose Computer holds ESC sequences (window title OSC, clear screen,
# colours), whose TargetUserName holds CR + cursor-up, and whose other values hold a tab,
# DEL, a C1 CSI (U+009B), a bidi override (U+202E) and a newline.

# The table shows each of them escaped, one line per row; widths count the escapes.
$ trawl search 'EventCode=4624 | table Computer TargetUserName WorkstationName ProcessName' -f table tests/data/hostile/escape_sequences.xml
Computer                                            TargetUserName      WorkstationName                          ProcessName
--------------------------------------------------  ------------------  ---------------------------------------  --------------------------------------------
ws01\x1b]0;owned\x07\x1b[2J\x1b[31mred\x1b[0m.corp  admin\r\x1b[1Aroot  tab\there\x7fdel\u009bcsi\u202eevil.exe  C:\Windows\System32\svchost.exe\nsecond line

# CSV and JSON keep the exact bytes under their own quoting rules (cat -v shows them:
# ^[ is ESC, ^M CR, ^? DEL, M-BM-^[ the C1 CSI, M-bM-^@M-. the bidi override).
$ trawl search 'EventCode=4624 | table Computer TargetUserName WorkstationName ProcessName' -f csv tests/data/hostile/escape_sequences.xml | cat -v
Computer,TargetUserName,WorkstationName,ProcessName
ws01^[]0;owned^G^[[2J^[[31mred^[[0m.corp,"admin^M^[[1Aroot",tab	here^?delM-BM-^[csiM-bM-^@M-.evil.exe,"C:\Windows\System32\svchost.exe
second line"

$ trawl search 'EventCode=4624 | table Computer TargetUserName WorkstationName ProcessName' -f jsonl tests/data/hostile/escape_sequences.xml | cat -v
{"Computer":"ws01\u001b]0;owned\u0007\u001b[2J\u001b[31mred\u001b[0m.corp","TargetUserName":"admin\r\u001b[1Aroot","WorkstationName":"tab\there^?delM-BM-^[csiM-bM-^@M-.evil.exe","ProcessName":"C:\\Windows\\System32\\svchost.exe\nsecond line"}

# Values quoted in messages are escaped too.
$ trawl search 'EventCode=4624 | eval x=tonumber(Computer) | where isnull(x) | table Computer' -f csv tests/data/hostile/escape_sequences.xml --earliest "$(printf 'x\033[2J')"
! trawl: --earliest 'x\x1b[2J': expected now, an ISO-8601 time, epoch seconds, or [+-]N<unit>[@<unit>]
! try 'trawl search --help'
? 2

# A file name holding ESC sequences, a newline and a byte that is not UTF-8 is shown
# escaped in every message: unknown format, malformed event, EVTX damage.
$ rm -rf build/test-hostile && mkdir -p build/test-hostile && f=build/test-hostile/$(printf 'evil\033[2J\033]0;x\007\nname\377.xml') && printf 'not a log\n' > "$f" && trawl search '* | stats count' -f csv "$f"
count
0
! trawl: build/test-hostile/evil\x1b[2J\x1b]0;x\x07\nname\xff.xml: unknown format, skipped
? 3

$ rm -rf build/test-hostile && mkdir -p build/test-hostile && f=build/test-hostile/$(printf 'bad\r\033[1Aname.xml') && cp tests/data/xml/malformed_middle.xml "$f" && trawl search '* | stats count' -f csv "$f"
count
2
! trawl: build/test-hostile/bad\r\x1b[1Aname.xml:2: malformed event skipped: undefined entity
! trawl: build/test-hostile/bad\r\x1b[1Aname.xml:3: malformed event skipped: mismatched tag
! trawl: build/test-hostile/bad\r\x1b[1Aname.xml:5: malformed event skipped: no element found
? 3

$ rm -rf build/test-hostile && mkdir -p build/test-hostile && f=build/test-hostile/$(printf 'cut\033[31m\n.evtx') && head -c 30000 examples/iis/application.evtx > "$f" && trawl info "$f" | head -1 && trawl dump "$f" > /dev/null
build/test-hostile/cut\x1b[31m\n.evtx
! trawl: build/test-hostile/cut\x1b[31m\n.evtx: chunk 0: truncated (25904 of 65536 bytes), reading whole records
? 3

# trawl test prints names and data paths from content files, which are not trusted either.
$ trawl test --allow-skip --content tests/data/content/hostile hostile_test_names
SKIP hostile_test_names: clear\x1b[2J\rscreen (missing data file evil\x1b]0;owned\x07.log (give --data DIR))
0 passed, 0 failed, 1 skipped

# A query that fails to parse is echoed under its error with a caret: a content file's
# control bytes in it are shown escaped, and the caret counts the escapes it passes.
$ trawl search "$(printf '*\t| stats count(\033[2J')" tests/data/order/a.evtx
! trawl: ')' expected to close '(' at column 16, got '[' at column 18
!   *\t| stats count(\x1b[2J
!                        ^
? 2
