"""Flask: a username concatenated into a python-ldap search filter; vulnerable."""
import ldap
from flask import Flask, request

app = Flask(__name__)
BASE_DN = "ou=people,dc=example,dc=com"


@app.route("/directory/user")
def lookup_user():
    username = request.args["username"]
    conn = ldap.initialize("ldap://ldap.example.com")
    conn.simple_bind_s("cn=reader,dc=example,dc=com", "reader-password")
    results = conn.search_s(BASE_DN, ldap.SCOPE_SUBTREE, "(uid=" + username + ")", ["cn", "mail"])
    return {"found": len(results)}
