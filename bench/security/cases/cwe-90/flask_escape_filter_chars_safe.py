"""Flask: ldap.filter.escape_filter_chars on the username before building the filter; safe."""
import ldap
from flask import Flask, request
from ldap.filter import escape_filter_chars

app = Flask(__name__)
BASE_DN = "ou=people,dc=example,dc=com"


@app.route("/directory/user")
def lookup_user():
    username = escape_filter_chars(request.args["username"])
    conn = ldap.initialize("ldap://ldap.example.com")
    results = conn.search_s(BASE_DN, ldap.SCOPE_SUBTREE, "(uid=" + username + ")", ["cn", "mail"])
    return {"found": len(results)}
