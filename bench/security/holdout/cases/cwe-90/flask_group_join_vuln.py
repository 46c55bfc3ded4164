"""Flask: group names from a list built into an OR filter with join and f-strings for ldap3 search; vulnerable."""
from flask import Flask, jsonify, request
from ldap3 import Connection, Server

app = Flask(__name__)
server = Server("ldap://ldap.example.com")


@app.route("/groups/members", methods=["POST"])
def members():
    groups = request.get_json(force=True).get("groups", [])
    flt = "(|" + "".join(f"(cn={g})" for g in groups) + ")"
    conn = Connection(server, auto_bind=True)
    conn.search("ou=groups,dc=example,dc=com", flt, attributes=["member"])
    return jsonify({"entries": len(conn.entries)})
