"""Flask: an error page template built with an f-string from the request path; vulnerable."""
from flask import Flask, render_template_string, request

app = Flask(__name__)


@app.errorhandler(404)
def not_found(error):
    template = f"""<h2>Not found</h2><p>No page at {request.path}</p>"""
    return render_template_string(template), 404
