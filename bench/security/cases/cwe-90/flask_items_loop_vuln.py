"""Flask: every query pair appended with += to an AND filter; vulnerable."""
import ldap
from flask import Flask, request

app = Flask(__name__)


@app.get("/directory/search")
def search():
    flt = "(&(objectClass=inetOrgPerson)"
    for attr, value in request.args.items():
        flt += f"({attr}={value})"
    flt += ")"
    conn = ldap.initialize("ldap://ldap.example.com")
    return {"hits": len(conn.search_s("dc=example,dc=com", ldap.SCOPE_SUBTREE, flt, ["cn"]))}
