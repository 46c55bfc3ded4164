"""Flask: submitted items joined into list markup wrapped in Markup and passed to a file template, bypassing autoescape; vulnerable."""
from flask import Flask, render_template, request
from markupsafe import Markup

app = Flask(__name__)


@app.route("/wishlist", methods=["POST"])
def wishlist():
    items = request.form.getlist("item")
    fragment = "<ul><li>" + "</li><li>".join(items) + "</li></ul>"
    return render_template("wishlist.html", items_html=Markup(fragment))
