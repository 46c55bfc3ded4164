"""FastAPI: employee number is a path parameter typed int, validated before it goes into the filter; safe."""
import ldap
from fastapi import FastAPI

app = FastAPI()


@app.get("/employees/{number}")
def employee(number: int):
    flt = f"(employeeNumber={number})"
    conn = ldap.initialize("ldap://ldap.example.com")
    res = conn.search_s("ou=people,dc=example,dc=com", ldap.SCOPE_SUBTREE, flt, ["cn"])
    return {"found": len(res)}
