"""FastAPI: the search filter is a constant; the caller's term is only logged by length; safe."""
import logging

from fastapi import FastAPI
from ldap3 import Connection, Server

app = FastAPI()
log = logging.getLogger("directory")


@app.get("/groups")
def groups(term: str = ""):
    log.info("group listing, term of %d chars ignored", len(term))
    conn = Connection(Server("ldap://ldap.example.com"), auto_bind=True)
    conn.search("ou=groups,dc=example,dc=com", "(objectClass=groupOfNames)", attributes=["cn"])
    return {"groups": [str(e.cn) for e in conn.entries]}
