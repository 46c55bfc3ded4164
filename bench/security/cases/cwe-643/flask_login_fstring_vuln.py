"""Flask: an XML-backed login with username and password in an f-string XPath (`' or '1'='1`); vulnerable."""
from flask import Flask, abort, request
from lxml import etree

app = Flask(__name__)
ACCOUNTS = etree.parse("/srv/data/accounts.xml")


@app.post("/login")
def login():
    user = request.form["user"]
    pw_hash = request.form["password_hash"]
    match = ACCOUNTS.xpath(f"//account[@user='{user}' and @hash='{pw_hash}']")
    if not match:
        abort(401)
    return {"role": match[0].get("role")}
