#!/usr/bin/env bash
# make_all.sh - regenerates tests/data/formats/ (run from the repo root after `make`):
#   fixtures/events.*  the 55 well-formed fixture events (the other 14 are cut short
#                      upstream) in every form
#   iis/fleet.*        the seed IIS fleet (tests/data/seed) in every form
#   mixed/             the fleet split across all forms, event i in form i mod 7,
#                      some files gzip/zstd compressed: the seed detection must give
#                      the same rows as over iis/fleet.xml alone
set -eu
D=tests/data/formats
F=../shared/fixtures/xmlwineventlog
T=build/trawl
for f in "$F"/*.xml; do
    if $T search '*' -f csv "$f" >/dev/null 2>&1; then cat "$f"; echo; fi
done | grep . > $D/fixtures/events.xml
cp tests/data/seed/iis_fleet.xml $D/iis/fleet.xml
for p in fixtures/events iis/fleet; do
    python3 $D/make_forms.py $D/$p.xml $D/$p
    $T convert --to evtx -o $D/$p.evtx $D/$p.xml
    $T dump -f jsonl $D/$p.evtx > $D/$p.evtx.jsonl
done
tmp=$(mktemp -d)
python3 - "$D/iis/fleet.xml" "$tmp" <<'PY'
import re, sys
evs = re.findall(r'<Event[\s>].*?</Event>', open(sys.argv[1]).read(), re.S)
for k in range(7):
    with open('%s/part%d.xml' % (sys.argv[2], k), 'w') as f:
        for i, e in enumerate(evs):
            if i % 7 == k:
                f.write(e + '\n')
PY
for k in 0 1 2 3 4 5 6; do python3 $D/make_forms.py $tmp/part$k.xml $tmp/part$k; done
$T convert --to evtx -o $tmp/part1.evtx $tmp/part1.xml
$T convert --to evtx -o $tmp/part2.evtx $tmp/part2.xml
$T dump -f jsonl $tmp/part2.evtx > $tmp/part2.evtx.jsonl
rm -rf $D/mixed
mkdir -p $D/mixed/host-a/logs $D/mixed/host-b
cp $tmp/part0.xml $D/mixed/host-a/app.xml
gzip -n -c $tmp/part1.evtx > $D/mixed/host-a/logs/Application.evtx.gz
zstd -q -c $tmp/part2.evtx.jsonl > $D/mixed/host-a/logs/evtx_dump.jsonl.zst
cp $tmp/part3.winlogbeat.ndjson $D/mixed/host-b/winlogbeat.ndjson
gzip -n -c $tmp/part4.nxlog.json > $D/mixed/host-b/nxlog.json.gz
cp $tmp/part5.classic.log $D/mixed/host-b/wineventlog.txt
gzip -n -c $tmp/part6.splunk.json > $D/mixed/splunk_export.json.gz
rm -rf "$tmp"
