"""FastAPI: a Cookie() parameter inside an ldap3 filter; vulnerable."""
from fastapi import Cookie, FastAPI
from ldap3 import Connection, Server

app = FastAPI()


@app.get("/groups/mine")
def my_groups(username: str = Cookie("")):
    conn = Connection(Server("ldap.example.com"), auto_bind=True)
    conn.search("ou=groups,dc=example,dc=com", "(&(objectClass=groupOfNames)(member=uid=" + username + ",ou=people,dc=example,dc=com))")
    return {"groups": [e.entry_dn for e in conn.entries]}
