"""FastAPI: the entry id is parsed with uuid.UUID before it is placed in an entryUUID filter; safe."""
import uuid

from fastapi import FastAPI
from ldap3 import Connection, Server

app = FastAPI()


@app.get("/entries/{entry_id}")
def entry(entry_id: str):
    eid = uuid.UUID(entry_id)
    conn = Connection(Server("ldap.example.com"), auto_bind=True)
    conn.search("dc=example,dc=com", f"(entryUUID={eid})", attributes=["cn"])
    return {"found": len(conn.entries) == 1}
