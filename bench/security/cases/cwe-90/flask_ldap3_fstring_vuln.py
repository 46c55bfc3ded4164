"""Flask: an e-mail from the form placed into an ldap3 search filter with an f-string; vulnerable."""
from flask import Flask, request
from ldap3 import ALL, Connection, Server

app = Flask(__name__)
server = Server("ldap.example.com", get_info=ALL)


@app.post("/directory/by-mail")
def by_mail():
    email = request.form.get("email", "")
    conn = Connection(server, auto_bind=True)
    conn.search("dc=example,dc=com", f"(&(objectClass=person)(mail={email}))", attributes=["cn"])
    return {"entries": [str(e.cn) for e in conn.entries]}
