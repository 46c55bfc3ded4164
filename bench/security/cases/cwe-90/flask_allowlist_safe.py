"""Flask: the department must be one of a fixed list (else 400) before it goes into the filter; safe."""
import ldap
from flask import Flask, abort, request

app = Flask(__name__)
DEPARTMENTS = ["sales", "engineering", "support"]


@app.get("/departments")
def department():
    dept = request.args.get("dept", "")
    if dept not in DEPARTMENTS:
        abort(400)
    conn = ldap.initialize("ldap://ldap.example.com")
    rows = conn.search_s("dc=example,dc=com", ldap.SCOPE_SUBTREE, "(ou=%s)" % dept, ["cn"])
    return {"people": len(rows)}
