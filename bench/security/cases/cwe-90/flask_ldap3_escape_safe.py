"""Flask: ldap3's escape_filter_chars applied to the e-mail inside the f-string filter; safe."""
from flask import Flask, request
from ldap3 import ALL, Connection, Server
from ldap3.utils.conv import escape_filter_chars

app = Flask(__name__)
server = Server("ldap.example.com", get_info=ALL)


@app.post("/directory/by-mail")
def by_mail():
    email = request.form.get("email", "")
    conn = Connection(server, auto_bind=True)
    conn.search("dc=example,dc=com", f"(&(objectClass=person)(mail={escape_filter_chars(email)}))", attributes=["cn"])
    return {"entries": [str(e.cn) for e in conn.entries]}
