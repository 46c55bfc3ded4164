"""FastAPI: a Request header value formatted into a python-ldap filter; vulnerable."""
import ldap
from fastapi import FastAPI, Request

app = FastAPI()


@app.get("/me")
async def me(request: Request):
    user = request.headers.get("x-remote-user", "")
    conn = ldap.initialize("ldap://ldap.example.com")
    rows = conn.search_s("dc=example,dc=com", ldap.SCOPE_SUBTREE, "(uid={0})".format(user), ["cn", "title"])
    return {"entries": len(rows)}
