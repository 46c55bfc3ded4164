"""FastAPI: a str query parameter in an ldap3 search filter; vulnerable."""
from fastapi import FastAPI
from ldap3 import Connection, Server

app = FastAPI()
server = Server("ldap.example.com")


@app.get("/people")
def people(name: str):
    conn = Connection(server, auto_bind=True)
    conn.search("ou=people,dc=example,dc=com", "(cn=" + name + ")", attributes=["mail"])
    return {"mail": [str(e.mail) for e in conn.entries]}
