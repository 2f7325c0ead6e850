#!/usr/bin/env python3
"""Checks an unpacked Maven Central upload bundle the way Central's validation does.

Usage: verify-bundle.py <unpacked bundle dir> <artifactId,artifactId,...>

Every file has a valid detached signature (gpg --verify against GNUPGHOME) and correct .md5,
.sha1, .sha256 and .sha512 files; every pom has name, description, url, licenses, developers and
scm, no parent and no SNAPSHOT; every jar has a -sources.jar and a -javadoc.jar; every expected
artifactId is present; the BOM, when in the bundle, lists every other artifact of the bundle at
its version. Prints one line per check group and exits non-zero at the first problem.
"""
import hashlib
import pathlib
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

NS = {"m": "http://maven.apache.org/POM/4.0.0"}
SUMS = {".md5": "md5", ".sha1": "sha1", ".sha256": "sha256", ".sha512": "sha512"}


def fail(message):
    print("bundle check FAILED: " + message, file=sys.stderr)
    sys.exit(1)


def main():
    root = pathlib.Path(sys.argv[1])
    expected = [a for a in sys.argv[2].split(",") if a]
    files = [p for p in root.rglob("*") if p.is_file()]
    primaries = [p for p in files if p.suffix not in SUMS and p.suffix != ".asc"]
    if not primaries:
        fail("the bundle is empty")

    signatures = checksums = 0
    for p in primaries:
        asc = p.with_name(p.name + ".asc")
        if not asc.is_file():
            fail(f"{p.name} is not signed (no {asc.name})")
        r = subprocess.run(["gpg", "--batch", "--verify", str(asc), str(p)], capture_output=True, text=True)
        if r.returncode != 0 or "Good signature" not in r.stderr:
            fail(f"bad signature on {p.name}: {r.stderr.strip()}")
        signatures += 1
        for signed in (p,):  # Central wants no checksums of the .asc files
            data = signed.read_bytes()
            for suffix, algo in SUMS.items():
                sum_file = signed.with_name(signed.name + suffix)
                if not sum_file.is_file():
                    fail(f"{signed.name} has no {suffix} checksum")
                want = sum_file.read_text().split()[0].strip().lower()
                if hashlib.new(algo, data).hexdigest() != want:
                    fail(f"{sum_file.name} does not match {signed.name}")
                checksums += 1
    print(f"signatures: {signatures} good; checksums: {checksums} correct")

    found = {}
    for pom in [p for p in primaries if p.suffix == ".pom"]:
        model = ET.parse(pom).getroot()

        def text(path):
            el = model.find(path, NS)
            return (el.text or "").strip() if el is not None else ""

        artifact, version = text("m:artifactId"), text("m:version")
        found[artifact] = (version, pom)
        for path, what in [
            ("m:name", "name"),
            ("m:description", "description"),
            ("m:url", "url"),
            ("m:licenses/m:license/m:name", "licenses"),
            ("m:developers/m:developer/m:name", "developers"),
            ("m:scm/m:url", "scm url"),
            ("m:scm/m:connection", "scm connection"),
        ]:
            if not text(path):
                fail(f"{pom.name} has no {what} (Maven Central requires it)")
        if model.find("m:parent", NS) is not None:
            fail(f"{pom.name} names a parent; published poms are flattened")
        if re.search(r"[0-9]-SNAPSHOT", pom.read_text()):
            fail(f"{pom.name} names a SNAPSHOT version")
        packaging = text("m:packaging") or "jar"
        if packaging == "jar":
            base = pom.with_suffix("")
            for classifier in ("", "-sources", "-javadoc"):
                jar = base.with_name(base.name + classifier + ".jar")
                if not jar.is_file():
                    fail(f"{artifact} {version} has no {jar.name}")
    missing = [a for a in expected if a not in found]
    if missing:
        fail("not in the bundle: " + ", ".join(missing))
    print(f"poms: {len(found)} complete (name, description, url, licence, developers, scm; sources and Javadoc jars)")

    if "hmm-pools-bom" in found:
        bom = ET.parse(found["hmm-pools-bom"][1]).getroot()
        listed = {}
        for dep in bom.findall("m:dependencyManagement/m:dependencies/m:dependency", NS):
            a = dep.find("m:artifactId", NS).text.strip()
            v = dep.find("m:version", NS).text.strip()
            if v.startswith("${"):
                prop = bom.find("m:properties/m:" + v[2:-1], NS)
                v = prop.text.strip() if prop is not None else v
            listed[a] = v
        for artifact, (version, _) in found.items():
            if artifact == "hmm-pools-bom":
                continue
            if listed.get(artifact) != version:
                fail(f"the BOM lists {artifact} at {listed.get(artifact)}, the bundle has {version}")
        print(f"BOM: lists all {len(found) - 1} other artifacts of the bundle at their versions")


if __name__ == "__main__":
    main()
