"""Flask: ldap.filter.filter_format escapes every assertion value; safe."""
import ldap
import ldap.filter
from flask import Flask, request

app = Flask(__name__)


@app.get("/groups")
def groups():
    flt = ldap.filter.filter_format("(&(objectClass=groupOfNames)(cn=%s))", [request.args["name"]])
    conn = ldap.initialize("ldap://ldap.example.com")
    found = conn.search_s("ou=groups,dc=example,dc=com", ldap.SCOPE_ONELEVEL, flt)
    return {"groups": [dn for dn, _ in found]}
