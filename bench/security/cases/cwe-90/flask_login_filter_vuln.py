"""Flask: a login that finds the user's DN with a %-formatted filter (`*)(uid=*` matches anyone); vulnerable."""
import ldap
from flask import Flask, abort, request

app = Flask(__name__)


@app.post("/login")
def login():
    creds = request.get_json()
    conn = ldap.initialize("ldap://ldap.example.com")
    hits = conn.search_s("dc=example,dc=com", ldap.SCOPE_SUBTREE, "(&(uid=%s)(active=TRUE))" % creds["user"])
    if not hits:
        abort(401)
    dn = hits[0][0]
    conn.simple_bind_s(dn, creds["password"])
    return {"dn": dn}
