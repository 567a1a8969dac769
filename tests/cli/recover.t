# Records carved from chunk slack (--recover, docs/recovery.md). tests/data/evtx/
# carved.evtx (made by make_carved.py) has live records 1-3 and in its slack: record 4
# (well-formed, deleted), records 5-9 (root not Event, no EventID, garbage names, stale
# template, unreadable) and record 10 (EventRecordID 2, a copy of live record 2).

# Without --recover: the live records only, nothing said about slack.
$ trawl search '* | stats count' -f csv tests/data/evtx/carved.evtx 2>&1
count
3

# Carved events are marked recovered=1, usable in SPL; the copy of a live record is
# also recovered_duplicate=1. The malformed ones never reach the search, and one line
# per file says what was left out and why.
$ trawl search --recover '* | table EventRecordID EventCode TargetUserName IpAddress recovered recovered_duplicate' -f csv tests/data/evtx/carved.evtx
EventRecordID,EventCode,TargetUserName,IpAddress,recovered,recovered_duplicate
4,4624,mallory,203.0.113.9,1,
3,4624,carol,10.0.0.7,,
2,4624,bob,10.0.0.6,1,1
2,4624,bob,10.0.0.6,,
1,4624,alice,10.0.0.5,,
! trawl: tests/data/evtx/carved.evtx: 5 carved records rejected: 1 unreadable, 1 stale template, 1 garbage names, 1 root not Event, 1 no EventID

$ trawl search 'recovered=1 | stats count' --recover -f csv tests/data/evtx/carved.evtx
count
2
! trawl: tests/data/evtx/carved.evtx: 5 carved records rejected: 1 unreadable, 1 stale template, 1 garbage names, 1 root not Event, 1 no EventID

$ trawl search --recover 'recovered=1 NOT recovered_duplicate=1 | table EventRecordID TargetUserName' -f csv tests/data/evtx/carved.evtx
EventRecordID,TargetUserName
4,mallory
! trawl: tests/data/evtx/carved.evtx: 5 carved records rejected: 1 unreadable, 1 stale template, 1 garbage names, 1 root not Event, 1 no EventID

# Detections never see the malformed records: 4625 and 4720 exist only in them.
$ trawl search --recover 'EventCode IN (4625, 4720) OR Channel!=Security | stats count' -f csv tests/data/evtx/carved.evtx
count
0
! trawl: tests/data/evtx/carved.evtx: 5 carved records rejected: 1 unreadable, 1 stale template, 1 garbage names, 1 root not Event, 1 no EventID

# The same with the pushdown decided on EventID alone, from several threads, and from
# a pipe (read once: a carved record is compared with the live records before it).
$ trawl search -j 2 --recover 'EventCode=4624 | fillnull value=0 recovered recovered_duplicate | stats count by TargetUserName recovered recovered_duplicate' -f csv tests/data/evtx/carved.evtx
TargetUserName,recovered,recovered_duplicate,count
alice,0,0,1
bob,0,0,1
bob,1,1,1
carol,0,0,1
mallory,1,0,1
! trawl: tests/data/evtx/carved.evtx: 5 carved records rejected: 1 unreadable, 1 stale template, 1 garbage names, 1 root not Event, 1 no EventID

$ trawl search --recover 'EventCode=4624 | fillnull value=0 recovered recovered_duplicate | stats count by TargetUserName recovered recovered_duplicate' -f csv - < tests/data/evtx/carved.evtx
TargetUserName,recovered,recovered_duplicate,count
alice,0,0,1
bob,0,0,1
bob,1,1,1
carol,0,0,1
mallory,1,0,1
! trawl: (stdin): 5 carved records rejected: 1 unreadable, 1 stale template, 1 garbage names, 1 root not Event, 1 no EventID

# dump -q leaves out the summary line as it does the other reports.
$ trawl dump -q --recover -f jsonl tests/data/evtx/carved.evtx 2>&1 | grep -c -e recovered -e carved
2

# dump marks carved records in every format: a comment before it in XML, members
# after "Event" in JSON.
$ trawl dump --recover tests/data/evtx/carved.evtx | grep -E '^<!--|EventRecordID'
    <EventRecordID>1</EventRecordID>
    <EventRecordID>2</EventRecordID>
    <EventRecordID>3</EventRecordID>
<!-- recovered from chunk slack -->
    <EventRecordID>4</EventRecordID>
<!-- recovered from chunk slack; duplicate: a live record has its EventRecordID -->
    <EventRecordID>2</EventRecordID>
! trawl: tests/data/evtx/carved.evtx: 5 carved records rejected: 1 unreadable, 1 stale template, 1 garbage names, 1 root not Event, 1 no EventID

$ trawl dump --recover -f jsonl tests/data/evtx/carved.evtx | grep -o '"EventRecordID":"[0-9]*".*"recovered.*'
"EventRecordID":"4","Correlation":null,"Execution":{"#attributes":{"ProcessID":"640","ThreadID":"704"}},"Channel":"Security","Computer":"dc01.corp.example.com","Security":null},"EventData":{"TargetUserName":"mallory","LogonType":"3","IpAddress":"203.0.113.9"}},"recovered":true}
"EventRecordID":"2","Correlation":null,"Execution":{"#attributes":{"ProcessID":"640","ThreadID":"702"}},"Channel":"Security","Computer":"dc01.corp.example.com","Security":null},"EventData":{"TargetUserName":"bob","LogonType":"3","IpAddress":"10.0.0.6"}},"recovered":true,"recovered_duplicate":true}
! trawl: tests/data/evtx/carved.evtx: 5 carved records rejected: 1 unreadable, 1 stale template, 1 garbage names, 1 root not Event, 1 no EventID

$ trawl dump --recover -f json tests/data/evtx/carved.evtx | grep -E '"recovered|EventRecordID'
      "EventRecordID": "1",
      "EventRecordID": "2",
      "EventRecordID": "3",
      "EventRecordID": "4",
  "recovered": true
      "EventRecordID": "2",
  "recovered": true,
  "recovered_duplicate": true
! trawl: tests/data/evtx/carved.evtx: 5 carved records rejected: 1 unreadable, 1 stale template, 1 garbage names, 1 root not Event, 1 no EventID

# --keep-malformed prints them too, each with its reason; the unreadable one cannot be.
$ trawl dump --recover --keep-malformed tests/data/evtx/carved.evtx | grep -E '^<!--|^<[A-Za-z]+ xmlns|EventRecordID'
<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event">
    <EventRecordID>1</EventRecordID>
<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event">
    <EventRecordID>2</EventRecordID>
<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event">
    <EventRecordID>3</EventRecordID>
<!-- recovered from chunk slack -->
<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event">
    <EventRecordID>4</EventRecordID>
<!-- recovered from chunk slack; malformed: root not Event -->
<System xmlns="http://schemas.microsoft.com/win/2004/08/events/event">
    <EventRecordID>5</EventRecordID>
<!-- recovered from chunk slack; malformed: no EventID -->
<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event">
    <EventRecordID>6</EventRecordID>
<!-- recovered from chunk slack; malformed: garbage names -->
<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event">
    <EventRecordID>7</EventRecordID>
<!-- recovered from chunk slack; malformed: stale template -->
<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event">
    <EventRecordID>8</EventRecordID>
<!-- recovered from chunk slack; duplicate: a live record has its EventRecordID -->
<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event">
    <EventRecordID>2</EventRecordID>
! trawl: tests/data/evtx/carved.evtx: 1 carved records rejected: 1 unreadable
! trawl: tests/data/evtx/carved.evtx: 4 carved records kept though malformed: 1 stale template, 1 garbage names, 1 root not Event, 1 no EventID

$ trawl dump -j 2 --recover --keep-malformed -f jsonl tests/data/evtx/carved.evtx | grep -o '"recovered.*'
"recovered":true}
"recovered":true,"recovered_malformed":"root not Event"}
"recovered":true,"recovered_malformed":"no EventID"}
"recovered":true,"recovered_malformed":"garbage names"}
"recovered":true,"recovered_malformed":"stale template"}
"recovered":true,"recovered_duplicate":true}
! trawl: tests/data/evtx/carved.evtx: 1 carved records rejected: 1 unreadable
! trawl: tests/data/evtx/carved.evtx: 4 carved records kept though malformed: 1 stale template, 1 garbage names, 1 root not Event, 1 no EventID

$ trawl dump --keep-malformed tests/data/evtx/carved.evtx
! trawl: --keep-malformed needs --recover
! try 'trawl dump --help'
? 2

# info counts them.
$ trawl info --recover tests/data/evtx/carved.evtx
tests/data/evtx/carved.evtx
  format version     3.1
  header size        128 (block 4096)
  chunks in header   1 (first 0, last 0)
  next record id     4
  flags              0x0 (clean)
  header checksum    ok
  chunk 0         records 1-3, ids 1-3, header crc ok, data crc ok, 5 records read
  chunks in file     1
  records            5 read (2 recovered from slack, 1 duplicates), 0 bad
  carved rejected    5: 1 unreadable, 1 stale template, 1 garbage names, 1 root not Event, 1 no EventID
  problems           0
