#!/usr/bin/env python3
"""Independent check of the record's format (docs/protocol.md §14), written from the spec alone.

Usage: python3 scripts/check_record.py [records-dir]

Reads the catalogue of crates/urne-verify/tests/records/: for each archive, the tar entries and
their order (§14.3), every payload in canonical JSON (§13.1), the hash chain of §14.1 and the
archive's head, and each batch's ballots against its trackers (§6.5, §14.2). The honest record
must pass every check; each tampered record whose catalogue check is V2 or V16 (the checks of
the record's format) must fail at least one. Prints one line per archive and ends with
"N passed, M failed"; exit code 0 iff M = 0.
"""

import hashlib
import json
import os
import sys
import tarfile


def item(label, data):
    if isinstance(data, str):
        data = data.encode()
    label = label.encode()
    return len(label).to_bytes(8, "little") + label + len(data).to_bytes(8, "little") + data


def transcript(domain, items, finish):
    buf = item("protocol", "urne/1") + item("domain", domain)
    for label, data in items:
        buf += item(label, data)
    return hashlib.sha512(buf + item("finish", finish)).digest()[:32]


# §14.4: every kind of event.
KINDS = {"manifest", "ceremony", "ceremony-announcement", "ceremony-dealing", "ceremony-complaints",
         "ceremony-confirmation", "bureau", "server-key", "credentials", "scrutin-a-blanc", "seal",
         "ballots", "tally", "decryption", "result", "closing"}


def canonical(payload):
    text = payload.decode("utf-8")
    again = json.dumps(json.loads(text), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return again == text


def problems(path):
    """Every way the archive at `path` breaks §14, as strings."""
    out = []
    with tarfile.open(path) as tar:
        members = [m for m in tar.getmembers() if m.isfile()]
        read = lambda m: tar.extractfile(m).read()
        if not members or members[0].name != "record.json":
            return ["does not start with record.json"]
        header = json.loads(read(members[0]))
        record, previous, seq = header["record"], bytes.fromhex(header["previous"]), header["first"]
        events, i = 0, 1
        while i < len(members):
            m = members[i]
            if m.name != "events/%08d.json" % seq:
                out.append("%s where events/%08d.json was expected" % (m.name, seq))
            env = read(m)
            prefix = b'{"hash":"'
            payload = env[env.index(b'"payload":') + 10:env.rindex(b',"seq":')]
            kind = env[env.index(b'"kind":"') + 8:env.index(b'","payload"')].decode()
            stated = bytes.fromhex(env[len(prefix):len(prefix) + 64].decode())
            if int(env[env.rindex(b',"seq":') + 7:-1]) != seq:
                out.append("%s: seq is not %d" % (m.name, seq))
            if kind not in KINDS:
                out.append("%s: unknown kind %s" % (m.name, kind))
            if not canonical(payload):
                out.append("%s: payload not canonical" % m.name)
            h = transcript("record-event", [("record", record), ("seq", seq.to_bytes(8, "little")),
                                            ("previous", previous), ("kind", kind),
                                            ("payload", payload)], "event")
            if h != stated:
                out.append("%s: hash is not the chain's" % m.name)
            i += 1
            if kind == "ballots":
                trackers = [bytes.fromhex(t) for t in json.loads(payload)["trackers"]]
                if trackers != sorted(set(trackers)):
                    out.append("%s: trackers not strictly ascending" % m.name)
                if i >= len(members) or members[i].name != "events/%08d.bin" % seq:
                    out.append("%s: no ballots file" % m.name)
                else:
                    data = read(members[i])
                    i += 1
                    size = len(data) // max(len(trackers), 1)
                    if size * len(trackers) != len(data):
                        out.append("%s: ballots file length" % m.name)
                    for k, t in enumerate(trackers):
                        ballot = data[k * size:(k + 1) * size]
                        if transcript("ballot-tracker", [("ballot", ballot)], "tracker") != t:
                            out.append("%s: ballot %d does not hash to its tracker" % (m.name, k))
            previous, seq, events = stated, seq + 1, events + 1
        if events != header["events"] or previous.hex() != header["head"]:
            out.append("record.json: events or head do not match")
    return out


def main(argv):
    here = os.path.dirname(os.path.abspath(__file__))
    rdir = argv[0] if argv else os.path.join(here, "..", "crates", "urne-verify", "tests", "records")
    with open(os.path.join(rdir, "catalogue.json"), encoding="utf-8") as f:
        catalogue = json.load(f)
    passed = failed = 0
    cases = [(catalogue["honest"], None)] + [(c["file"], c["check"]) for c in catalogue["tampered"]]
    for name, check in cases:
        found = problems(os.path.join(rdir, name))
        if check is None:
            ok = not found
        elif check in ("V2", "V16"):
            ok = bool(found)
        else:
            continue
        passed, failed = passed + ok, failed + (not ok)
        print("%s %s%s" % ("ok  " if ok else "FAIL", name, (": " + found[0]) if found else ""))
    print("%d passed, %d failed" % (passed, failed))
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
