"""Flask: a helper builds a group filter with str.format from a query value; vulnerable."""
import ldap
from flask import Flask, request

app = Flask(__name__)


def group_filter(group):
    return "(&(objectClass=groupOfNames)(cn={}))".format(group)


def directory():
    conn = ldap.initialize("ldap://ldap.example.com")
    conn.simple_bind_s()
    return conn


@app.get("/groups")
def groups():
    found = directory().search_s("ou=groups,dc=example,dc=com", ldap.SCOPE_ONELEVEL, group_filter(request.args["name"]))
    return {"groups": [dn for dn, _ in found]}
