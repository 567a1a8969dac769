#!/usr/bin/env python3
"""make_carved.py - builds tests/data/evtx/carved.evtx: one chunk whose slack holds a
record for each case of docs/recovery.md. Run from the repo root after `make`:

    python3 tests/data/evtx/make_carved.py

Ten events are written by `trawl convert --to evtx` (records 1-10, each a template
instance; events of a new shape carry their template definition inline). The chunk's
free space offset is then moved back to the end of record 3, so records 4-10 are left
in slack as a deleted log's records are, and the slack records are altered in place:

  record 4   untouched: a well-formed carved event (EventRecordID 4, deleted)
  record 5   its own template's root element renamed to System: root not Event
  record 6   its own template's EventID element renamed to Version: no EventID
  record 7   the hash of its own UserData element name broken: garbage names
  record 8   its template instance's id changed: stale template
  record 9   an unknown BinXML token: unreadable
  record 10  identifier 2, the same event as live record 2: a duplicate

Names and templates are only ever changed inside the record that defines them, so the
live records 1-3 render as written. The chunk's checksums are recomputed."""
import os, struct, subprocess, sys, tempfile, zlib

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
OUT = os.path.join(ROOT, "tests", "data", "evtx", "carved.evtx")
TRAWL = os.path.join(ROOT, "build", "trawl")
NS = "http://schemas.microsoft.com/win/2004/08/events/event"


def event(rid, eid, data, extra=""):
    return (f"<Event xmlns='{NS}'><System><Provider Name='Microsoft-Windows-Security-Auditing' "
            f"Guid='{{54849625-5478-4994-A5BA-3E3B0328C30D}}'/><EventID>{eid}</EventID>"
            f"<Version>2</Version><Level>0</Level><Task>12544</Task><Opcode>0</Opcode>"
            f"<Keywords>0x8020000000000000</Keywords>"
            f"<TimeCreated SystemTime='2024-03-11T07:0{rid % 10}:00.000000000Z'/>"
            f"<EventRecordID>{rid}</EventRecordID><Correlation/>"
            f"<Execution ProcessID='640' ThreadID='{700 + rid}'/><Channel>Security</Channel>"
            f"<Computer>dc01.corp.example.com</Computer><Security/></System>"
            f"<EventData>{data}</EventData>{extra}</Event>")


def logon(user, ip):
    return (f"<Data Name='TargetUserName'>{user}</Data><Data Name='LogonType'>3</Data>"
            f"<Data Name='IpAddress'>{ip}</Data>")


EVENTS = [
    event(1, 4624, logon("alice", "10.0.0.5")),
    event(2, 4624, logon("bob", "10.0.0.6")),
    event(3, 4624, logon("carol", "10.0.0.7")),
    event(4, 4624, logon("mallory", "203.0.113.9")),                       # deleted
    event(5, 4625, logon("eve", "203.0.113.9") + "<Data Name='Status'>0xc000006d</Data>"),
    event(6, 4625, logon("eve", "203.0.113.9") + "<Data Name='Status'>0xc000006d</Data>"
          "<Data Name='SubStatus'>0xc000006a</Data>"),
    event(7, 4720, "", "<UserData><Zork xmlns='urn:zork'><Grue>lamp</Grue></Zork></UserData>"),
    event(8, 4624, logon("trent", "10.0.0.8")),
    event(9, 4624, logon("peggy", "10.0.0.9")),
    event(2, 4624, logon("bob", "10.0.0.6")),                              # a copy of 2
]


def records(chunk):
    """(offset, size) of every record, in order."""
    out, off = [], 512
    while chunk[off:off + 4] == b"\x2a\x2a\x00\x00":
        size = struct.unpack_from("<I", chunk, off + 4)[0]
        out.append((off, size))
        off += size
    return out


def name_offset(chunk, text):
    """Chunk offset of the first name entry spelling text: u32 next, u16 hash, u16
    length, the UTF-16LE characters, u16 0."""
    at = bytes(chunk).find(struct.pack("<H", len(text)) + text.encode("utf-16-le") + b"\0\0")
    assert at >= 6, text
    return at - 6


def rename_element(chunk, rec, old, new):
    """In the template definition inline in record rec, the element start naming old
    now names new (an entry that exists earlier in the chunk)."""
    off, size = rec
    old_ref, new_ref = struct.pack("<I", name_offset(chunk, old)), name_offset(chunk, new)
    at = bytes(chunk).find(old_ref, off, off + size)
    # element start: token, u16 dependency id, u32 size, then the name offset
    assert at > 0 and chunk[at - 7] & 0xbf == 0x01, (old, hex(at))
    struct.pack_into("<I", chunk, at, new_ref)


def main():
    with tempfile.TemporaryDirectory() as tmp:
        xml, evtx = os.path.join(tmp, "in.xml"), os.path.join(tmp, "out.evtx")
        with open(xml, "w") as f:
            f.write("\n".join(EVENTS) + "\n")
        subprocess.run([TRAWL, "convert", "--to", "evtx", "-o", evtx, xml], check=True)
        data = bytearray(open(evtx, "rb").read())
    assert len(data) == 4096 + 65536, "one chunk expected"
    chunk = memoryview(data)[4096:]
    recs = records(chunk)
    assert len(recs) == 10
    # record 5: root renamed; record 6: EventID renamed (both templates are their own)
    rename_element(chunk, recs[4], "Event", "System")
    rename_element(chunk, recs[5], "EventID", "Version")
    # record 7: the Zork name entry, first written in this record, gets a wrong hash
    zork = name_offset(chunk, "Zork")
    assert recs[6][0] < zork < recs[6][0] + recs[6][1]
    struct.pack_into("<H", chunk, zork + 4, struct.unpack_from("<H", chunk, zork + 4)[0] ^ 0x5555)
    # record 8: the template instance's id (after the 4-byte fragment header, the
    # 0x0c token and one byte) no longer matches its definition's GUID
    inst = recs[7][0] + 24 + 4
    assert chunk[inst] == 0x0c
    struct.pack_into("<I", chunk, inst + 2, struct.unpack_from("<I", chunk, inst + 2)[0] ^ 0xffffffff)
    # record 9: an unknown token instead of the fragment header
    chunk[recs[8][0] + 24] = 0x7e
    # record 10: the identifier of live record 2
    struct.pack_into("<Q", chunk, recs[9][0] + 8, 2)
    # live: records 1-3; the header says so, and the checksums cover that
    free = recs[2][0] + recs[2][1]
    struct.pack_into("<QQQQ", chunk, 8, 1, 3, 1, 3)       # first/last number, first/last id
    struct.pack_into("<II", chunk, 44, recs[2][0], free)  # last record offset, free space
    struct.pack_into("<I", chunk, 52, zlib.crc32(chunk[512:free]))
    struct.pack_into("<I", chunk, 124, zlib.crc32(bytes(chunk[0:120]) + bytes(chunk[128:512])))
    # the file header: next record id 4, its checksum
    struct.pack_into("<Q", data, 24, 4)
    struct.pack_into("<I", data, 124, zlib.crc32(bytes(data[0:120])))
    with open(OUT, "wb") as f:
        f.write(data)
    print(OUT)


if __name__ == "__main__":
    sys.exit(main())
