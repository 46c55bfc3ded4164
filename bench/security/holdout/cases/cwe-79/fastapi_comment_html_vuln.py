"""FastAPI: comment text appended with += to an HTML body over several statements and returned as HTMLResponse; vulnerable."""
from fastapi import FastAPI, Form
from fastapi.responses import HTMLResponse

app = FastAPI()


@app.post("/comments/preview", response_class=HTMLResponse)
def preview(author: str = Form(...), comment: str = Form(...)):
    body = "<html><body>"
    body += "<h2>Preview</h2>"
    body += f"<blockquote>{comment}</blockquote>"
    body += "<p>by %s</p></body></html>" % author
    return HTMLResponse(body)
