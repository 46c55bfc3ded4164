"""FastAPI: pydantic body fields put into an ldap3 filter with str.format; vulnerable."""
from fastapi import FastAPI
from ldap3 import Connection, Server
from pydantic import BaseModel

app = FastAPI()
server = Server("ldap://ldap.example.com")


class Query(BaseModel):
    uid: str
    department: str = "eng"


@app.post("/directory/search")
def directory_search(q: Query):
    flt = "(&(uid={})(departmentNumber={}))".format(q.uid, q.department)
    conn = Connection(server, auto_bind=True)
    conn.search("ou=people,dc=example,dc=com", flt)
    return {"hits": len(conn.entries)}
