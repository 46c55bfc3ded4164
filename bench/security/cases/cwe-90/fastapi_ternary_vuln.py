"""FastAPI: a conditional expression picks a filter that embeds the query value; vulnerable."""
from fastapi import FastAPI
from ldap3 import Connection, Server

app = FastAPI()


@app.get("/search")
def search(term: str = "", exact: bool = False):
    flt = f"(cn={term})" if exact else f"(cn=*{term}*)"
    conn = Connection(Server("ldap.example.com"), auto_bind=True)
    conn.search("dc=example,dc=com", flt, attributes=["cn"])
    return {"count": len(conn.entries)}
