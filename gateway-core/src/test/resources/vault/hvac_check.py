#!/usr/bin/python3
"""Drives a (fake) Vault with hvac, a real Vault client, and checks what comes back.

Run by HvacCompatibilityTest: /usr/bin/python3 hvac_check.py --addr URL --token T ... .
Asserts the expectations given as arguments, then prints one JSON object of what it saw on stdout
(never a token, a secret ID or a JWT) for the Java test to check again. Exits 1 on a mismatch.
"""
import argparse
import json
import sys

import hvac
import hvac.exceptions


def expect(what, got, want):
    if got != want:
        print("MISMATCH %s: got %r, want %r" % (what, got, want), file=sys.stderr)
        sys.exit(1)


def raises(what, exc_type, call):
    try:
        call()
    except exc_type as e:
        return list(e.errors) if e.errors is not None else None
    print("MISMATCH %s: no %s raised" % (what, exc_type.__name__), file=sys.stderr)
    sys.exit(1)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--addr", required=True)
    p.add_argument("--token", required=True)
    p.add_argument("--ca")
    p.add_argument("--kv-mount", required=True)
    p.add_argument("--kv-path", required=True)
    p.add_argument("--expect-kv", required=True, help="JSON of the latest version's data")
    p.add_argument("--expect-kv-v1", required=True, help="JSON of version 1's data")
    p.add_argument("--expect-version", type=int, required=True)
    p.add_argument("--k8s-mount", required=True)
    p.add_argument("--k8s-role", required=True)
    p.add_argument("--k8s-jwt", required=True)
    p.add_argument("--approle-mount", required=True)
    p.add_argument("--role-id", required=True)
    p.add_argument("--secret-id", required=True)
    p.add_argument("--expect-policies", required=True, help="comma-separated, sorted")
    p.add_argument("--expect-ttl", type=int, required=True)
    p.add_argument("--transit-mount", required=True)
    p.add_argument("--transit-key", required=True)
    p.add_argument("--key-version", type=int, required=True)
    p.add_argument("--input", required=True, help="base64 input to sign")
    a = p.parse_args()
    verify = a.ca if a.ca else True
    out = {}

    root = hvac.Client(url=a.addr, token=a.token, verify=verify)
    latest = root.secrets.kv.v2.read_secret_version(path=a.kv_path, mount_point=a.kv_mount)
    expect("kv data", latest["data"]["data"], json.loads(a.expect_kv))
    expect("kv version", latest["data"]["metadata"]["version"], a.expect_version)
    first = root.secrets.kv.v2.read_secret_version(path=a.kv_path, version=1, mount_point=a.kv_mount)
    expect("kv v1 data", first["data"]["data"], json.loads(a.expect_kv_v1))
    out["kv"] = latest["data"]["data"]
    out["kv_version"] = latest["data"]["metadata"]["version"]
    out["kv_v1"] = first["data"]["data"]
    out["kv_missing_version_errors"] = raises(
        "missing version", hvac.exceptions.InvalidPath,
        lambda: root.secrets.kv.v2.read_secret_version(
            path=a.kv_path, version=a.expect_version + 5, mount_point=a.kv_mount))

    meta = root.secrets.kv.v2.read_secret_metadata(path=a.kv_path, mount_point=a.kv_mount)["data"]
    expect("metadata current_version", meta["current_version"], a.expect_version)
    out["metadata_current_version"] = meta["current_version"]
    out["metadata_versions"] = sorted(meta["versions"].keys(), key=int)

    policies = a.expect_policies.split(",")
    k8s = hvac.Client(url=a.addr, verify=verify)
    auth = k8s.auth.kubernetes.login(role=a.k8s_role, jwt=a.k8s_jwt, mount_point=a.k8s_mount)["auth"]
    expect("k8s policies", auth["policies"], policies)
    expect("k8s lease_duration", auth["lease_duration"], a.expect_ttl)
    expect("k8s token in use", k8s.token, auth["client_token"])
    expect("k8s authenticated", k8s.is_authenticated(), True)
    out["k8s"] = {k: auth[k] for k in ("policies", "token_policies", "metadata", "lease_duration",
                                       "renewable", "token_type", "orphan")}

    app = hvac.Client(url=a.addr, verify=verify)
    auth = app.auth.approle.login(role_id=a.role_id, secret_id=a.secret_id, mount_point=a.approle_mount)["auth"]
    expect("approle policies", auth["policies"], policies)
    out["approle"] = {k: auth[k] for k in ("policies", "metadata", "lease_duration", "renewable")}
    out["approle_bad_secret_errors"] = raises(
        "approle wrong secret", hvac.exceptions.InvalidRequest,
        lambda: hvac.Client(url=a.addr, verify=verify).auth.approle.login(
            role_id=a.role_id, secret_id=a.secret_id + "x", mount_point=a.approle_mount))

    renewed = app.auth.token.renew_self(increment=2 * a.expect_ttl)["auth"]
    out["renew_lease_duration"] = renewed["lease_duration"]
    looked = app.auth.token.lookup_self()["data"]
    expect("lookup policies", looked["policies"], policies)
    out["lookup"] = {k: looked[k] for k in ("ttl", "renewable", "policies", "creation_ttl", "path", "type")}
    out["lookup_has_expire_time"] = bool(looked["expire_time"])

    signed = app.secrets.transit.sign_data(
        name=a.transit_key, hash_input=a.input, key_version=a.key_version, hash_algorithm="sha2-256",
        signature_algorithm="pkcs1v15", mount_point=a.transit_mount)["data"]
    expect("transit key_version", signed["key_version"], a.key_version)
    out["signature"] = signed["signature"]
    out["transit_unknown_version_errors"] = raises(
        "transit unknown version", hvac.exceptions.InvalidRequest,
        lambda: app.secrets.transit.sign_data(
            name=a.transit_key, hash_input=a.input, key_version=a.key_version + 9,
            signature_algorithm="pkcs1v15", mount_point=a.transit_mount))
    key = app.secrets.transit.read_key(name=a.transit_key, mount_point=a.transit_mount)["data"]
    out["transit_key"] = {"type": key["type"], "latest_version": key["latest_version"],
                          "public_key": key["keys"][str(a.key_version)]["public_key"]}

    out["bad_token_errors"] = raises(
        "bad token", hvac.exceptions.Forbidden,
        lambda: hvac.Client(url=a.addr, token="hvs.not-a-token", verify=verify).secrets.kv.v2.read_secret_version(
            path=a.kv_path, mount_point=a.kv_mount))
    print(json.dumps(out, sort_keys=True))


if __name__ == "__main__":
    main()
