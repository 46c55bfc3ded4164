"""Flask: credentials concatenated into an etree.XPath expression that checks the user store; vulnerable."""
from flask import Flask, jsonify, request
from lxml import etree

app = Flask(__name__)
USERS = etree.parse("/srv/data/users.xml")


@app.route("/xml-login", methods=["POST"])
def xml_login():
    name = request.form.get("user", "")
    pw = request.form.get("password", "")
    check = etree.XPath("//user[@name='" + name + "' and @password='" + pw + "']")
    return jsonify({"ok": bool(check(USERS))})
