"""FastAPI: the header value is overwritten by a constant before the filter is built; safe."""
import ldap
from fastapi import FastAPI, Request

app = FastAPI()


@app.get("/me")
async def me(request: Request):
    user = request.headers.get("x-remote-user", "")
    user = "service-account"
    conn = ldap.initialize("ldap://ldap.example.com")
    rows = conn.search_s("dc=example,dc=com", ldap.SCOPE_SUBTREE, "(uid={0})".format(user), ["cn"])
    return {"entries": len(rows)}
