"""Flask: values containing a quote are rejected with 400 before the XPath is built; safe."""
from flask import Flask, abort, request
from lxml import etree

app = Flask(__name__)
ACCOUNTS = etree.parse("/srv/data/accounts.xml")


@app.post("/login")
def login():
    user = request.form["user"]
    if "'" in user or '"' in user:
        abort(400)
    match = ACCOUNTS.xpath(f"//account[@user='{user}']")
    return {"exists": bool(match)}
