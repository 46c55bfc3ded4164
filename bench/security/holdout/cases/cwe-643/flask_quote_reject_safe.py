"""Flask: name rejected with abort(400) if it contains either quote character before the quoted xpath query; safe."""
from flask import Flask, abort, jsonify, request
from lxml import etree

app = Flask(__name__)
TREE = etree.parse("/srv/data/staff.xml")


@app.route("/staff")
def staff():
    name = request.args.get("name", "")
    if "'" in name or '"' in name:
        abort(400)
    nodes = TREE.xpath(f"//person[@name='{name}']/email/text()")
    return jsonify({"emails": [str(n) for n in nodes]})
