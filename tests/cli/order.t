# Events reach every search newest first, as Splunk hands them over: by descending
# _time, later-read first among equal times, across all the files given.
# tests/data/order: a.evtx holds the odd minutes, b.xml the even ones; at 10:06:30
# dave (a.evtx) and alice (b.xml) share a second.
$ trawl search 'EventCode=4625 | head 3 | table _time dest TargetUserName' -f csv tests/data/order
_time,dest,TargetUserName
1714557990.000000,dc02.corp.example.com,alice
1714557990.000000,dc01.corp.example.com,dave
1714557900.000000,dc02.corp.example.com,bob

$ trawl search 'EventCode=4625 | dedup dest | table _time dest TargetUserName' -f csv tests/data/order
_time,dest,TargetUserName
1714557990.000000,dc02.corp.example.com,alice
1714557990.000000,dc01.corp.example.com,dave

$ trawl search 'EventCode=4625 | stats first(TargetUserName) as newest last(TargetUserName) as oldest list(TargetUserName) as users by dest' -f csv tests/data/order
dest,newest,oldest,users
dc01.corp.example.com,dave,alice,"dave
carol
bob
alice"
dc02.corp.example.com,alice,alice,"alice
bob
alice"

$ trawl search 'EventCode=4625 | sort 2 IpAddress | table IpAddress TargetUserName' -f csv tests/data/order
IpAddress,TargetUserName
10.0.0.5,carol
10.0.0.5,alice

# The same with the files named in the other order: only ties of the same second move.
$ trawl search 'EventCode=4625 | head 2 | table TargetUserName' -f csv tests/data/order/b.xml tests/data/order/a.evtx
TargetUserName
dave
alice

# Beyond its memory budget a search spills sorted runs to temporary files and merges
# them: the answer does not change.
$ export TRAWL_ORDER_MEMORY=600; trawl search 'EventCode=4625 | dedup IpAddress | table _time IpAddress TargetUserName' -f csv tests/data/order
_time,IpAddress,TargetUserName
1714557990.000000,10.0.0.9,alice
1714557900.000000,10.0.0.8,bob
1714557840.000000,10.0.0.5,carol
1714557780.000000,10.0.0.7,alice
1714557720.000000,10.0.0.6,bob

# Searches that keep no event-level order are not reordered (stats sorts its rows).
$ trawl search 'EventCode=4625 | stats count by TargetUserName' -f csv tests/data/order
TargetUserName,count
alice,3
bob,2
carol,1
dave,1

# Every event has an index: main unless --index says otherwise.
$ trawl search 'index=* EventCode=4625 | stats count by index' -f csv tests/data/order
index,count
main,7

$ trawl search 'index=main EventCode=4625 | stats count' -f csv --index wineventlog tests/data/order
count
0

$ trawl search 'index=wineventlog EventCode=4625 | stats count' -f csv --index wineventlog tests/data/order
count
7

# Running statistics and transactions see the events newest first too.
$ trawl search 'EventCode=4625 | streamstats count as n by dest | table _time dest TargetUserName n' -f csv tests/data/order
_time,dest,TargetUserName,n
1714557990.000000,dc02.corp.example.com,alice,1
1714557990.000000,dc01.corp.example.com,dave,1
1714557900.000000,dc02.corp.example.com,bob,2
1714557840.000000,dc01.corp.example.com,carol,2
1714557780.000000,dc02.corp.example.com,alice,3
1714557720.000000,dc01.corp.example.com,bob,3
1714557660.000000,dc01.corp.example.com,alice,4

$ trawl search 'EventCode=4625 | transaction dest maxpause=2m | table _time dest TargetUserName eventcount duration' -f csv tests/data/order
_time,dest,TargetUserName,eventcount,duration
1714557990.000000,dc01.corp.example.com,dave,1,0
1714557780.000000,dc02.corp.example.com,"alice
bob",3,210
1714557660.000000,dc01.corp.example.com,"alice
bob
carol",3,180

$ trawl search 'EventCode=4625 | eventstats first(TargetUserName) as newest by dest | dedup dest | table dest newest' -f csv tests/data/order
dest,newest
dc02.corp.example.com,alice
dc01.corp.example.com,dave

# Time bins in the run's zone; timechart makes its own order.
$ trawl search 'EventCode=4625 | bin span=2m _time | stats count by _time' -f csv tests/data/order
_time,count
1714557600,1
1714557720,2
1714557840,2
1714557960,2

$ trawl search 'EventCode=4625 | timechart span=1m count by dest' -f csv tests/data/order
_time,dc01.corp.example.com,dc02.corp.example.com
1714557660,1,0
1714557720,1,0
1714557780,0,1
1714557840,1,0
1714557900,0,1
1714557960,1,1
