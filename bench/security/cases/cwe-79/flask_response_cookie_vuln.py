"""Flask: a cookie value put into an HTML attribute in a Response with mimetype text/html; vulnerable."""
from flask import Flask, Response, request

app = Flask(__name__)


@app.route("/")
def index():
    theme = request.cookies.get("theme", "light")
    html = '<html><body class="%s"><p>Welcome</p></body></html>' % theme
    return Response(html, mimetype="text/html")
