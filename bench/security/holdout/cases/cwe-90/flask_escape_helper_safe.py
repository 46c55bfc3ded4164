"""Flask: uid passed through a same-file helper using ldap.filter.escape_filter_chars before the search_s filter; safe."""
import ldap
from ldap.filter import escape_filter_chars
from flask import Flask, jsonify, request

app = Flask(__name__)


def _ldap_value(value):
    return escape_filter_chars(value)


@app.route("/people/safe")
def people():
    uid = _ldap_value(request.args.get("uid", ""))
    conn = ldap.initialize("ldap://ldap.example.com")
    res = conn.search_s("ou=people,dc=example,dc=com", ldap.SCOPE_SUBTREE, f"(uid={uid})")
    return jsonify({"count": len(res)})
