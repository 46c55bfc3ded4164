"""Flask: directory class formats the uid into a python-ldap search_s filter with %; vulnerable."""
import ldap
from flask import Flask, jsonify, request

app = Flask(__name__)


class Directory:
    base = "ou=people,dc=example,dc=com"

    def __init__(self):
        self.conn = ldap.initialize("ldap://ldap.example.com")

    def find(self, uid):
        flt = "(&(objectClass=inetOrgPerson)(uid=%s))" % uid
        return self.conn.search_s(self.base, ldap.SCOPE_SUBTREE, flt, ["cn", "mail"])


@app.route("/people")
def people():
    results = Directory().find(request.args.get("uid", ""))
    return jsonify({"count": len(results)})
