"""Flask: etree.XPath compiled from a string that includes a cookie value; vulnerable."""
from flask import Flask, request
from lxml import etree

app = Flask(__name__)
PREFS = etree.parse("/srv/data/prefs.xml")


@app.route("/prefs")
def prefs():
    theme = request.cookies.get("theme", "light")
    find = etree.XPath("//theme[@name='{}']/setting".format(theme))
    return {"settings": [s.get("key") for s in find(PREFS)]}
