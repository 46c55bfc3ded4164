"""FastAPI: `uid_number: int` is validated by FastAPI before it is formatted into the filter; safe."""
from fastapi import FastAPI
from ldap3 import Connection, Server

app = FastAPI()


@app.get("/accounts/{uid_number}")
def account(uid_number: int):
    conn = Connection(Server("ldap.example.com"), auto_bind=True)
    conn.search("ou=people,dc=example,dc=com", f"(uidNumber={uid_number})", attributes=["uid"])
    return {"uid": str(conn.entries[0].uid) if conn.entries else None}
