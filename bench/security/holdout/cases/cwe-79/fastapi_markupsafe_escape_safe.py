"""FastAPI: comment run through markupsafe.escape before it is put in the HTMLResponse body; safe."""
from fastapi import FastAPI, Form
from fastapi.responses import HTMLResponse
from markupsafe import escape

app = FastAPI()


@app.post("/guestbook", response_class=HTMLResponse)
def sign(comment: str = Form(...)):
    safe_comment = escape(comment)
    return HTMLResponse(f"<li class='entry'>{safe_comment}</li>")
