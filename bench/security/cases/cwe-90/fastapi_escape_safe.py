"""FastAPI: ldap3 escape_filter_chars on the query parameter; safe."""
from fastapi import FastAPI
from ldap3 import Connection, Server
from ldap3.utils.conv import escape_filter_chars

app = FastAPI()
server = Server("ldap.example.com")


@app.get("/people")
def people(name: str):
    conn = Connection(server, auto_bind=True)
    conn.search("ou=people,dc=example,dc=com", "(cn=" + escape_filter_chars(name) + ")", attributes=["mail"])
    return {"mail": [str(e.mail) for e in conn.entries]}
