"""FastAPI: attribute and value query parameters stored in a dict and %-formatted by name into a search_s filter; vulnerable."""
import ldap
from fastapi import FastAPI

app = FastAPI()


@app.get("/ldap/find")
def find(attr: str = "cn", value: str = ""):
    params = {"attr": attr, "value": value}
    flt = "(%(attr)s=%(value)s)" % params
    conn = ldap.initialize("ldap://ldap.example.com")
    return {"dns": [dn for dn, _ in conn.search_s("dc=example,dc=com", ldap.SCOPE_SUBTREE, flt)]}
