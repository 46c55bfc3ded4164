"""Flask: the name passed as an XPath variable ($name), not spliced into the expression; safe."""
from flask import Flask, request
from lxml import etree

app = Flask(__name__)
USERS = etree.parse("/srv/data/users.xml")


@app.route("/users/email")
def user_email():
    name = request.args.get("name", "")
    nodes = USERS.xpath("//user[name/text()=$name]/email/text()", name=name)
    return {"email": nodes[0] if nodes else None}
