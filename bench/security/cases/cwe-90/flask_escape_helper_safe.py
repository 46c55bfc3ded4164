"""Flask: a helper escapes every value with escape_filter_chars while building the filter; safe."""
import ldap
from flask import Flask, request
from ldap.filter import escape_filter_chars

app = Flask(__name__)


def equals(attr, value):
    return "(%s=%s)" % (attr, escape_filter_chars(value))


@app.get("/directory/by-mail")
def by_mail():
    flt = "(&(objectClass=inetOrgPerson)" + equals("mail", request.args.get("mail", "")) + ")"
    conn = ldap.initialize("ldap://ldap.example.com")
    return {"hits": len(conn.search_s("dc=example,dc=com", ldap.SCOPE_SUBTREE, flt, ["cn"]))}
