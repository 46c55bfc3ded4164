"""The bandit adapter's per-test gates (a Call test skipped by the call's qualified name, a
Str test by the string or its parent) find exactly what bandit's own CLI finds, on files
made to sit on each gate's edges, and a test whose source changed runs ungated."""

from __future__ import annotations

import importlib.util
import inspect
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from auditor.adapters import bandit as adapter
from auditor.api import audit
from auditor.config import Config
from auditor.source import SourceFile

FILES = {
    "shell_aliases.py": """\
        import os
        import subprocess as sp
        from os import system
        from subprocess import Popen as P
        import logging.config
        sp.call("ls", shell=True)
        sp.run(["ls", "-l"])
        sp.check_output("/bin/ls")
        system("tar cf out.tar *")
        system(command)
        P("ls", shell=True)
        P(["chmod", "+x", "*"], shell=True)
        os.popen("ls")
        os.execl("/bin/ls", "ls")
        os.spawnv(os.P_WAIT, "ls", [])
        wrapper("ls", shell=True)
        wrapper("ls", shell=1)
        wrapper("ls", shell=False)
        wrapper("ls", **options)
        wrapper("ls", **{"shell": True})
        getattr(os, "system")("ls")
        (lambda: os.system)()("ls")
        run = sp.Popen
        run("ls", shell=True)
        exec("1")
        __builtins__.exec("2")
        logging.config.listen(9999)
        logging.config.listen(9999, verify=check)
    """,
    "keywords.py": """\
        import ssl
        from ssl import wrap_socket
        connect(password="hunter2", token=secret)
        connect(user="me", **{"password": "x"})
        connect(*args, db_passwd="x")
        connect(pwd=b"bytes")
        def login(user, *, password="default", token=None):
            return user
        async def alogin(*, secret="s3cr3t", **kwargs):
            return kwargs
        context(method=ssl.PROTOCOL_SSLv2)
        context(ssl_version=ssl.PROTOCOL_TLSv1)
        context(version=ssl.PROTOCOL_TLSv1)
        ssl.wrap_socket(sock)
        wrap_socket(sock, ssl_version=ssl.PROTOCOL_SSLv3)
        ssl.wrap_socket(sock, ssl_version=ssl.PROTOCOL_TLS_CLIENT)
        from OpenSSL import SSL as pyOpenSSL_SSL
    """,
    "crypto_requests.py": """\
        import crypt
        import hashlib
        import tarfile
        from hashlib import md5 as weak
        import requests
        import httpx
        import yaml
        from yaml import load
        hashlib.md5(b"")
        hashlib.sha1(b"", usedforsecurity=False)
        hashlib.new("md5")
        hashlib.new(name="sha1")
        weak(b"")
        crypt.crypt("x", crypt.METHOD_CRYPT)
        crypt.mksalt(crypt.METHOD_MD5)
        tarfile.open("x").extractall()
        archive.extractall(path="out", filter="data")
        yaml.load(data)
        load(data, Loader=yaml.SafeLoader)
        yaml.safe_load(data)
        requests.get(url)
        requests.post(url, verify=False, timeout=3)
        requests.Session().get(url)
        httpx.Client(verify=False)
        httpx.get(url, timeout=None)
        httpx.stream("GET", url, verify=False, timeout=1)
        import os
        os.chmod("/etc/x", 0o777)
        os.fchmod(fd, 0o755)
        chmod_helper("/x", 0o777)
        from cryptography.hazmat.primitives.asymmetric import dsa, ec, rsa
        dsa.generate_private_key(512)
        rsa.generate_private_key(3, 1024)
        ec.generate_private_key(ec.SECP192R1())
        from Crypto.PublicKey import RSA
        RSA.generate(512)
        import pickle, importlib
        pickle.loads(b"")
        __import__("pickle")
        __import__(name)
        importlib.import_module("pickle")
        importlib.import_module(name="telnetlib")
        from pickle import loads as l
        l(b"")
        import xml.etree.ElementTree as ET
        ET.parse("x.xml")
        import ftplib
        ftplib.FTP("host")
    """,
    "frameworks.py": """\
        import flask
        from flask import Flask, Markup
        import markupsafe
        from django.utils.safestring import mark_safe, SafeString
        from django.db.models.expressions import RawSQL
        from django.db import models
        import jinja2
        from jinja2 import Environment
        from mako.template import Template
        import paramiko
        import torch
        from transformers import AutoModel
        import huggingface_hub
        from pysnmp.hlapi import CommunityData, UsmUserData
        app = Flask(__name__)
        app.run(debug=True)
        app.run(debug=False)
        Markup(user_input)
        markupsafe.Markup(user_input)
        flask.Markup("<b>fixed</b>")
        mark_safe(user_input)
        SafeString(user_input)
        mark_safe("fixed")
        RawSQL(sql, [])
        RawSQL("select 1", [])
        User.objects.extra(where=[clause])
        User.objects.extra(select={"a": "b"})
        jinja2.Environment(loader=loader)
        Environment(autoescape=False)
        Environment(autoescape=jinja2.select_autoescape())
        Template("hello ${name}")
        client = paramiko.SSHClient()
        client.set_missing_host_key_policy(paramiko.AutoAddPolicy())
        client.exec_command(command)
        torch.load(path)
        torch.load(path, weights_only=True)
        AutoModel.from_pretrained("org/model")
        AutoModel.from_pretrained("org/model", revision="abc1234")
        huggingface_hub.hf_hub_download("org/repo", "f.bin")
        CommunityData("public", mpModel=0)
        UsmUserData("user")
    """,
    "strings.py": """\
        import os
        bind = "0.0.0.0"
        host = ("0.0.0.0", 80)
        tmp = "/tmp/x"
        spool = ["/var/tmp/spool", "/dev/shm/q"]
        password = "hunter2"
        self_password = "x"
        config = {"password": "x", "user": "y"}
        config["password"] = "y"
        if password == "x":
            pass
        if self.passwd == "y":
            pass
        query = "SELECT * FROM t WHERE a=" + value
        query2 = "SELECT a FROM t WHERE b={}".format(value)
        query3 = f"SELECT * FROM t WHERE {value}"
        query4 = "DELETE FROM t WHERE a=%s" % value
        query5 = "UPDATE t SET a=1".replace("1", value)
        cursor.execute("INSERT INTO t VALUES (%s)" % value)
        plain = "select x from y"
        "SELECT * FROM t"
        notes = ["select a from b", "password"]
    """,
}


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("gates")
    for name, body in FILES.items():
        (root / name).write_text(textwrap.dedent(body), encoding="utf-8")
    return root


def _bandit_cli(tree: Path) -> set[tuple[object, ...]]:
    proc = subprocess.run(
        [sys.executable, "-m", "bandit", "-r", str(tree), "-f", "json", "-q"], capture_output=True, text=True
    )
    return {
        (
            r["test_id"],
            Path(r["filename"]).name,
            r["line_number"],
            r["col_offset"],
            r["issue_severity"].lower(),
            r["issue_confidence"].lower(),
            r["issue_cwe"]["id"],
            r["issue_text"],
        )
        for r in json.loads(proc.stdout)["results"]
    }


def test_gated_tests_find_what_bandit_finds(tree: Path) -> None:
    """Every issue bandit's CLI reports on the edge cases, and no other, with its place,
    severity, confidence, CWE and text."""
    theirs = _bandit_cli(tree)
    result = audit([tree], Config(select=("B",), per_file_ignores=(("__none__", ()),)), jobs=1)
    ours = {
        (f.rule, f.file, f.line, f.column - 1, f.severity.value, f.confidence.value, f.cwe[0] if f.cwe else 0, f.message)
        for f in result.findings
        if f.rule.startswith("B")
    }
    assert ours == theirs
    # The files reach the gates' edges: each of these is reported at least once.
    found = {issue[0] for issue in theirs}
    assert {
        "B102", "B103", "B105", "B106", "B108", "B104", "B113", "B201", "B202", "B301",
        "B324", "B403", "B501", "B502", "B504", "B505", "B506", "B507", "B509", "B601", "B602",
        "B603", "B604", "B605", "B606", "B607", "B608", "B609", "B610", "B611", "B612", "B614", "B508",
        "B615", "B701", "B702", "B703", "B704",
    } <= found


def test_every_gate_is_on_for_the_installed_bandit() -> None:
    """Each gate was written from one bandit version's test sources: a bandit that changed
    one turns that gate off (this fails then: read the new source and the gate again)."""
    adapter.BanditRunner(["B101"])
    from bandit.core import test_set

    call_tests = {test.__name__ for test in adapter._CALL_GATES}
    assert len(adapter._CALL_GATES) == 33
    assert {"any_other_function_with_shell_equals_true", "exec_used", "blacklist", "yaml_load"} <= call_tests
    assert {test.__name__ for test in adapter._PRECHECKS} == {
        "trojansource", "blacklist", "hardcoded_bind_all_interfaces", "hardcoded_tmp_directory",
        "hardcoded_password_string", "hardcoded_sql_expressions",
    }
    assert test_set  # the gate table names bandit's tests, not copies


def _changed_copy(func: object, old: str, new: str, tmp_path: Path) -> object:
    """The function built from its own source with one edit, as a new bandit would ship it."""
    module = inspect.getmodule(func)
    source = inspect.getsource(module).replace(old, new)
    assert source != inspect.getsource(module)
    path = tmp_path / f"changed_{func.__name__}.py"  # type: ignore[attr-defined]
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec and spec.loader
    changed = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(changed)
    return getattr(changed, func.__name__)  # type: ignore[attr-defined]


def test_a_changed_test_source_turns_its_gate_off(tmp_path: Path) -> None:
    from bandit.plugins import exec as b_exec

    table = adapter._call_gate_table()
    assert set(adapter._matching(table)) == {entry[0] for entry in table}
    changed = _changed_copy(b_exec.exec_used, 'call_function_name_qual == "exec"', 'call_function_name_qual in ("exec", "eval")', tmp_path)
    edited = [(changed, (changed, *read[1:]), digest, gate) if test is b_exec.exec_used else (test, read, digest, gate)
              for test, read, digest, gate in table]
    on = adapter._matching(edited)
    assert changed not in on and b_exec.exec_used not in on
    assert len(on) == len(table) - 1


def test_an_ungated_run_finds_the_same(tree: Path) -> None:
    """With no gate at all (every test on every call, as after a bandit upgrade) the adapter
    reports the same issues."""
    runner = adapter.BanditRunner(adapter.bandit_rule_docs())
    gates = dict(adapter._CALL_GATES)
    prechecks = dict(adapter._PRECHECKS)
    sources = {path.name: SourceFile(path.name, path.read_bytes()) for path in sorted(tree.iterdir())}
    gated = {name: runner.run(source, str(tree / name)) for name, source in sources.items()}
    try:
        adapter._CALL_GATES.clear()
        adapter._PRECHECKS.clear()
        ungated_runner = adapter.BanditRunner(adapter.bandit_rule_docs())
        adapter._CALL_GATES.clear()
        adapter._PRECHECKS.clear()
        ungated = {name: ungated_runner.run(source, str(tree / name)) for name, source in sources.items()}
    finally:
        adapter._CALL_GATES.clear()
        adapter._CALL_GATES.update(gates)
        adapter._PRECHECKS.clear()
        adapter._PRECHECKS.update(prechecks)
    assert sum(map(len, gated.values())) > 50
    assert gated == ungated
