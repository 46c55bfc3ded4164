"""FastAPI: a path parameter URL-unquoted into an ldap3 filter; vulnerable."""
from urllib.parse import unquote

from fastapi import FastAPI
from ldap3 import Connection, Server

app = FastAPI()


@app.get("/hosts/{host}")
def host_entry(host: str):
    cn = unquote(host)
    conn = Connection(Server("ldap.example.com"), auto_bind=True)
    conn.search("ou=hosts,dc=example,dc=com", f"(&(objectClass=device)(cn={cn}))")
    return {"exists": bool(conn.entries)}
