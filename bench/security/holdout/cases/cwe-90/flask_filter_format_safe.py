"""Flask: filter built with ldap.filter.filter_format, which escapes each assertion value; safe."""
import ldap
from ldap.filter import filter_format
from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/people/by-name")
def by_name():
    given = request.args.get("given", "")
    family = request.args.get("family", "")
    flt = filter_format("(&(givenName=%s)(sn=%s))", [given, family])
    conn = ldap.initialize("ldap://ldap.example.com")
    return jsonify({"count": len(conn.search_s("dc=example,dc=com", ldap.SCOPE_SUBTREE, flt))})
