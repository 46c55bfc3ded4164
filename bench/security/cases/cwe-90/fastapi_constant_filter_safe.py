"""FastAPI: a constant filter; the Request value is compared to the results in Python; safe."""
import ldap
from fastapi import FastAPI, Request

app = FastAPI()


@app.get("/admins/check")
async def is_admin(request: Request):
    user = request.query_params.get("user", "")
    conn = ldap.initialize("ldap://ldap.example.com")
    rows = conn.search_s("cn=admins,ou=groups,dc=example,dc=com", ldap.SCOPE_BASE, "(objectClass=*)", ["memberUid"])
    members = [m.decode() for _, attrs in rows for m in attrs.get("memberUid", [])]
    return {"admin": user in members}
