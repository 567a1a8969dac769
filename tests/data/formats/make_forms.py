#!/usr/bin/env python3
"""make_forms.py - writes the test data of tests/data/formats/ from XmlWinEventLog
lines: the same events as Winlogbeat JSON, NXLog to_json(), classic WinEventLog
text and a Splunk JSON export (the evtx and evtx_dump forms come from
`trawl convert` / `trawl dump`, see the Makefile-free commands at the bottom).
This is an independent rendering of each exporter's shape (docs/formats.md), so
the unit and golden tests compare trawl's readers against it.

    python3 tests/data/formats/make_forms.py IN.xml OUTPREFIX
"""
import datetime, json, re, sys
import xml.etree.ElementTree as ET

# Events are parsed with their namespace removed, so events written without one
# (Sysmon for Linux) read the same way.
NS = ''
LEVEL_WORD = {'0': 'information', '1': 'critical', '2': 'error', '3': 'warning',
              '4': 'information', '5': 'verbose'}
CLASSIC_TYPE = {'0': 'Information', '1': 'Critical', '2': 'Error', '3': 'Warning',
                '4': 'Information', '5': 'Verbose'}


def parse(line):
    root = ET.fromstring(re.sub(r'''\sxmlns=(['"]).*?\1''', '', line, count=1))
    sys_ = root.find(NS + 'System')
    ev = {'data': [], 'userdata': []}
    p = sys_.find(NS + 'Provider')
    ev['provider'] = p.get('Name')
    ev['guid'] = p.get('Guid')
    eid = sys_.find(NS + 'EventID')
    ev['id'] = eid.text
    ev['qual'] = eid.get('Qualifiers')
    for k in ('Version', 'Level', 'Task', 'Opcode', 'Keywords', 'EventRecordID', 'Channel', 'Computer'):
        e = sys_.find(NS + k)
        ev[k] = e.text if e is not None else None
    ev['time'] = sys_.find(NS + 'TimeCreated').get('SystemTime')
    ex = sys_.find(NS + 'Execution')
    ev['pid'] = ex.get('ProcessID') if ex is not None else None
    ev['tid'] = ex.get('ThreadID') if ex is not None else None
    sec = sys_.find(NS + 'Security')
    ev['user'] = sec.get('UserID') if sec is not None else None
    ed = root.find(NS + 'EventData')
    if ed is not None:
        for d in ed:
            tag = d.tag.replace(NS, '')
            ev['data'].append((d.get('Name') if tag == 'Data' else 'Binary', d.text or ''))
    return ev


def dt(ev):
    t = ev['time']
    base = datetime.datetime.strptime(t[:19], '%Y-%m-%dT%H:%M:%S')
    frac = t[20:].rstrip('Z')
    return base, frac


def message(ev):
    d = dict((k, v) for k, v in ev['data'] if k)
    if ev['id'] == '2282':
        return 'The Module DLL %s failed to load.  The data is the error.' % d.get('ModuleDll', '')
    if ev['id'] == '4624':
        return ('An account was successfully logged on.\n\nSubject:\n\tSecurity ID:\t\t%s\n'
                '\tAccount Name:\t\t%s\n\tAccount Domain:\t\t%s\n\tLogon ID:\t\t%s\n\n'
                'Logon Information:\n\tLogon Type:\t\t%s\n\nNew Logon:\n\tSecurity ID:\t\t%s\n'
                '\tAccount Name:\t\t%s\n\tAccount Domain:\t\t%s\n\tLogon ID:\t\t%s\n\n'
                'Network Information:\n\tWorkstation Name:\t%s\n\tSource Network Address:\t%s\n'
                '\tSource Port:\t\t%s' % (
                    d['SubjectUserSid'], d['SubjectUserName'], d['SubjectDomainName'],
                    d['SubjectLogonId'], d['LogonType'], d['TargetUserSid'], d['TargetUserName'],
                    d['TargetDomainName'], d['TargetLogonId'], d['WorkstationName'],
                    d['IpAddress'], d['IpPort']))
    vals = [v for _, v in ev['data'] if v]
    return 'Event %s from %s. %s' % (ev['id'], ev['provider'], ' '.join(vals))


def num(v):
    try:
        return int(v)
    except (TypeError, ValueError):
        return v


def winlogbeat(ev):
    base, frac = dt(ev)
    ts = base.strftime('%Y-%m-%dT%H:%M:%S') + '.' + (frac + '000')[:3] + 'Z'
    edata = {}
    unnamed = 0
    for k, v in ev['data']:
        if not k:
            unnamed += 1
            k = 'param%d' % unnamed
        if v:
            edata[k] = v
    w = {'channel': ev['Channel'], 'computer_name': ev['Computer'], 'event_id': ev['id'],
         'provider_name': ev['provider'], 'record_id': num(ev['EventRecordID']),
         'api': 'wineventlog', 'keywords': ['Classic'], 'opcode': 'Info',
         'task': '', 'version': num(ev['Version'])}
    if ev['guid']:
        w['provider_guid'] = ev['guid']
    if ev['pid'] is not None:
        w['process'] = {'pid': num(ev['pid']), 'thread': {'id': num(ev['tid'])}}
    if ev['user']:
        w['user'] = {'identifier': ev['user'], 'domain': 'CORP', 'type': 'User'}
    if edata:
        w['event_data'] = edata
    return {'@timestamp': ts, 'agent': {'type': 'winlogbeat', 'version': '8.12.0'},
            'ecs': {'version': '8.0.0'},
            'event': {'code': ev['id'], 'kind': 'event', 'provider': ev['provider'],
                      'created': '2024-03-12T08:00:00.000Z', 'action': 'None'},
            'host': {'name': ev['Computer'].split('.')[0]},
            'log': {'level': LEVEL_WORD.get(ev['Level'], 'information')},
            'message': message(ev), 'winlog': w}


def nxlog(ev):
    base, _ = dt(ev)
    kw = int(ev['Keywords'], 16)
    if kw >= 1 << 63:
        kw -= 1 << 64
    level = ev['Level']
    o = {'EventTime': base.strftime('%Y-%m-%d %H:%M:%S'), 'Hostname': ev['Computer'],
         'Keywords': kw, 'EventType': {'2': 'ERROR', '3': 'WARNING', '1': 'CRITICAL',
                                       '5': 'VERBOSE'}.get(level, 'INFO' if level != '0' else 'AUDIT_SUCCESS'),
         'SeverityValue': {'2': 4, '3': 3, '1': 5}.get(level, 2), 'Severity': 'INFO',
         'EventID': num(ev['id']), 'SourceName': ev['provider']}
    if ev['guid']:
        o['ProviderGuid'] = ev['guid']
    o.update({'Version': num(ev['Version']), 'Task': num(ev['Task']),
              'OpcodeValue': num(ev['Opcode']), 'RecordNumber': num(ev['EventRecordID'])})
    if ev['pid'] is not None:
        o['ProcessID'] = num(ev['pid'])
        o['ThreadID'] = num(ev['tid'])
    o['Channel'] = ev['Channel']
    if ev['user']:
        o['UserID'] = ev['user']
    o['Category'] = 'None'
    o['Opcode'] = 'Info'
    o['Message'] = message(ev)
    for k, v in ev['data']:
        if k and k != 'Binary' and v:
            o[k] = v
    o.update({'EventReceivedTime': '2024-03-12 08:00:00', 'SourceModuleName': 'eventlog',
              'SourceModuleType': 'im_msvistalog'})
    return o


def classic(ev):
    base, _ = dt(ev)
    lines = [base.strftime('%m/%d/%Y %I:%M:%S %p'), 'LogName=' + ev['Channel'],
             'EventCode=' + ev['id'], 'EventType=' + ev['Level'],
             'ComputerName=' + ev['Computer'], 'SourceName=' + ev['provider'],
             'Type=' + ('Information' if ev['Level'] == '0' else CLASSIC_TYPE.get(ev['Level'], 'Information')),
             'RecordNumber=' + ev['EventRecordID'],
             'Keywords=' + ('Audit Success' if ev['Level'] == '0' else 'Classic'),
             'TaskCategory=None', 'OpCode=Info', 'Message=' + message(ev)]
    return '\n'.join(lines) + '\n'


def splunk(ev, line, i):
    base, _ = dt(ev)
    return {'preview': False, 'offset': i,
            'result': {'_raw': line, '_time': base.strftime('%Y-%m-%dT%H:%M:%S.000+00:00'),
                       'host': ev['Computer'], 'index': 'wineventlog',
                       'source': 'XmlWinEventLog:' + ev['Channel'], 'sourcetype': 'XmlWinEventLog',
                       'splunk_server': 'idx01'}}


def main():
    src, out = sys.argv[1], sys.argv[2]
    text = open(src, encoding='utf-8').read()
    lines = re.findall(r'<Event[\s>].*?</Event>', text, re.S)
    evs = [parse(l) for l in lines]
    with open(out + '.winlogbeat.ndjson', 'w') as f:
        for ev in evs:
            f.write(json.dumps(winlogbeat(ev)) + '\n')
    with open(out + '.nxlog.json', 'w') as f:
        for ev in evs:
            f.write(json.dumps(nxlog(ev)) + '\n')
    with open(out + '.classic.log', 'w') as f:
        for ev in evs:
            f.write(classic(ev))
    with open(out + '.splunk.json', 'w') as f:
        for i, (ev, line) in enumerate(zip(evs, lines)):
            f.write(json.dumps(splunk(ev, line, i)) + '\n')
        f.write(json.dumps({'preview': False, 'offset': len(lines), 'lastrow': True}) + '\n')


if __name__ == '__main__':
    main()
