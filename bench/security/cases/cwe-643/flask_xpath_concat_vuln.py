"""Flask: a name concatenated into an lxml xpath() query over the user store; vulnerable."""
from flask import Flask, request
from lxml import etree

app = Flask(__name__)
USERS = etree.parse("/srv/data/users.xml")


@app.route("/users/email")
def user_email():
    name = request.args.get("name", "")
    nodes = USERS.xpath("//user[name/text()='" + name + "']/email/text()")
    return {"email": nodes[0] if nodes else None}
